import { analyzeTerms } from '../../../rag/text/analyze-terms.ts';
import { customerMessages } from '../reply/customer-messages.ts';
import type { AnswerGenerator, GenerationInput, GenerationOutcome, SourceChunk } from './answer-generator.ts';

export interface ExtractiveOptions {
  /** Excerpts considered, best first (default 3). */
  maxChunks?: number;
  /** Sentences quoted (default 3). */
  maxSentences?: number;
  /** Characters quoted in total (default 700). */
  maxChars?: number;
}

interface Candidate {
  chunk: SourceChunk;
  chunkRank: number;
  position: number;
  sentence: string;
  score: number;
}

function sentencesOf(text: string, language: string): string[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  } catch {
    segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  }
  const out: string[] = [];
  for (const block of text.split(/\n{2,}|\n(?=\s*(?:[-*•]|\d+[.)])\s)/)) {
    for (const { segment } of segmenter.segment(block.replace(/\s*\n\s*/g, ' '))) {
      const sentence = segment.trim();
      if (sentence) out.push(sentence);
    }
  }
  return out;
}

/**
 * Picks the sentences of the best excerpts that share the most terms with the
 * question (stemmed, stop words dropped), favouring better-ranked excerpts and
 * shorter sentences, and keeps them in document order.
 */
export function selectAnswerSentences(
  question: string,
  chunks: readonly SourceChunk[],
  language: string,
  options: ExtractiveOptions = {},
): Candidate[] {
  const asked = new Set(analyzeTerms(question));
  if (asked.size === 0) return [];
  const candidates: Candidate[] = [];
  chunks.slice(0, options.maxChunks ?? 3).forEach((chunk, chunkRank) => {
    sentencesOf(chunk.text, language).forEach((sentence, position) => {
      const terms = analyzeTerms(sentence);
      const matched = new Set(terms.filter((term) => asked.has(term))).size;
      if (matched === 0) return;
      const score =
        (matched / asked.size) * (1 / Math.sqrt(1 + terms.length / 12)) * (1 / (1 + chunkRank * 0.35));
      candidates.push({ chunk, chunkRank, position, sentence, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const maxChars = options.maxChars ?? 700;
  const chosen: Candidate[] = [];
  let chars = 0;
  for (const candidate of candidates) {
    if (chosen.length >= (options.maxSentences ?? 3)) break;
    if (chars + candidate.sentence.length > maxChars && chosen.length > 0) continue;
    chosen.push(candidate);
    chars += candidate.sentence.length;
  }
  return chosen.sort((a, b) => a.chunkRank - b.chunkRank || a.position - b.position);
}

/**
 * The offline answer writer (no GEMINI_API_KEY): quotes the excerpt sentences
 * that best match the question (with the context it was searched with) under a "From our help center:" line
 * in the answer's language (reply/customer-messages.ts), one quoted paragraph per source, and flags the answer `extractive`. It cannot
 * judge sufficiency, so confidence rests on the retrieval evidence alone.
 */
export function createExtractiveGenerator(options: ExtractiveOptions = {}): AnswerGenerator {
  return {
    kind: 'extractive',
    async generate(input: GenerationInput): Promise<GenerationOutcome> {
      const chosen = selectAnswerSentences(
        input.searchText ?? input.question,
        input.chunks,
        input.language,
        options,
      );
      if (chosen.length === 0) {
        return {
          ok: true,
          answer: {
            answer: '',
            usedChunkIds: [],
            language: input.language,
            needsHuman: false,
            extractive: true,
          },
        };
      }
      const bySource = new Map<string, string[]>();
      for (const candidate of chosen) {
        const list = bySource.get(candidate.chunk.id) ?? [];
        list.push(candidate.sentence);
        bySource.set(candidate.chunk.id, list);
      }
      const quotes = [...bySource.values()].map((sentences) => `> ${sentences.join(' ')}`);
      return {
        ok: true,
        answer: {
          answer: `${customerMessages(input.language).extractiveMarker}\n\n${quotes.join('\n\n')}`,
          usedChunkIds: [...bySource.keys()],
          language: input.language,
          needsHuman: false,
          extractive: true,
        },
      };
    },
  };
}
