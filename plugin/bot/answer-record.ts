import type { KeyValueStore } from '../store/store.ts';
import type { SourceChunk } from './generate/answer-generator.ts';
import type { RoutingOutcome } from './handoff/apply-handoff-routing.ts';
import type { HandoffReason } from './handoff/handoff-reason.ts';

/**
 * The agent's record of one customer message it handled in auto mode: the
 * decision, the confidence it rested on, and which side effects are done.
 * Written before the first message is posted, so a retried job resumes
 * where the last attempt stopped instead of answering twice.
 */
export interface AnswerRecord {
  messageId: number;
  conversationId: number;
  stage: 'planned' | 'done';
  /** `silent`: a person took over while the answer was drafted; it became a suggestion. */
  action: 'reply' | 'handoff' | 'silent';
  reason?: HandoffReason;
  question: string;
  /** The draft (customer-ready text), empty when there was none. */
  draft: string;
  /** The draft is worth suggesting to the team (see `isUsefulDraft`). */
  useful: boolean;
  confidence: number;
  /** Calibrated retrieval estimate before the model's judgement. */
  retrieval: number;
  threshold: number;
  generator?: 'gemini' | 'extractive';
  extractive: boolean;
  language: string;
  /** Cited excerpts, else the best retrieved ones (texts trimmed once done). */
  sources: SourceChunk[];
  /** Side effects completed, in order (`message:0`, `open`, `routing`, `note`, `suggestion`). */
  steps: string[];
  postedMessageIds: number[];
  routing?: RoutingOutcome;
  at: string;
}

const namespace = (installationId: string) => `${installationId}:bot-answers`;

export function loadAnswerRecord(
  kv: KeyValueStore,
  installationId: string,
  messageId: number,
): Promise<AnswerRecord | undefined> {
  return kv.get<AnswerRecord>(namespace(installationId), String(messageId));
}

export async function saveAnswerRecord(
  kv: KeyValueStore,
  installationId: string,
  record: AnswerRecord,
): Promise<void> {
  const stored =
    record.stage === 'done'
      ? {
          ...record,
          sources: record.sources.map((source) => ({ ...source, text: source.text.slice(0, 200) })),
        }
      : record;
  await kv.set(namespace(installationId), String(record.messageId), stored);
}
