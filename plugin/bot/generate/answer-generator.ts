/**
 * The contract between the AI agent and whatever writes its answers: Gemini
 * when a key is configured, an extractive composer offline.
 */

/** One knowledge-base excerpt offered to the generator. */
export interface SourceChunk {
  /** Chunk id in the knowledge base. */
  id: string;
  documentId: string;
  /** Title of the chunk's document. */
  title: string;
  /** Section heading path inside the document, when any. */
  heading?: string;
  text: string;
  /** Where the document came from, when it is a web address a customer may open. */
  url?: string;
  /** Fused retrieval score (for notes and suggestions). */
  score: number;
}

/** What the generator needs to answer one customer message. */
export interface GenerationInput {
  question: string;
  /** What the knowledge base was searched with: the question, plus the customer's previous message when the question alone is too terse. */
  searchText?: string;
  /** Retrieved excerpts, best first. */
  chunks: SourceChunk[];
  /** The customer's recent messages across all channels, formatted one per line (may be empty). */
  history: string;
  /** Who the assistant is (settings.ai.persona). */
  persona: string;
  /** The installation's own instructions (settings.ai.systemPrompt). */
  systemPrompt: string;
  /** ISO 639-1 code of the language to answer in. */
  language: string;
  /** The channel the answer goes out on (`whatsapp`, `email`, `discord`, …), for length and tone. */
  channel: string;
}

/** A usable answer. */
export interface GeneratedAnswer {
  /** Markdown. Empty when the generator had nothing grounded to say. */
  answer: string;
  /** Knowledge-base chunk ids the answer relies on (only ids that were offered). */
  usedChunkIds: string[];
  /** The model's judgement that the excerpts and history contain the answer; undefined when no model judged it. */
  sufficient?: boolean;
  /** ISO 639-1 code of the answer's language. */
  language: string;
  /** The model thinks only a person can help. */
  needsHuman: boolean;
  /** True for the offline answer assembled from excerpts, not written by a model. */
  extractive: boolean;
}

/** Why no usable answer came back. Each kind becomes a hand-off reason, never a broken reply. */
export type GenerationFailureKind =
  'rate_limited' | 'unavailable' | 'timeout' | 'blocked' | 'malformed' | 'auth' | 'error';

export interface GenerationFailure {
  kind: GenerationFailureKind;
  /** Operator-facing detail (no secrets). */
  message: string;
  attempts: number;
}

export type GenerationOutcome =
  { ok: true; answer: GeneratedAnswer } | { ok: false; failure: GenerationFailure };

/** Writes answers. */
export interface AnswerGenerator {
  readonly kind: 'gemini' | 'extractive';
  generate(input: GenerationInput): Promise<GenerationOutcome>;
}
