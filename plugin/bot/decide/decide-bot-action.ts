import type { AiMode } from '../../install/installation-settings.ts';
import type { HandoffReason } from '../handoff/handoff-reason.ts';

/** What the agent does with one customer message, before any answer is drafted. */
export type MessagePlan =
  /** Auto mode, the bot owns the conversation: answer or hand off. */
  | { kind: 'answer' }
  /** Draft a suggestion for the people handling it; `passToTeam` first opens a conversation the bot still holds. */
  | { kind: 'suggest'; passToTeam: boolean }
  /** AI off in a conversation the bot holds: open it for the team, say nothing. */
  | { kind: 'pass_to_team' }
  | { kind: 'ignore' };

/**
 * Per inbox mode: `auto` answers while the bot owns the conversation (pending,
 * no human involved) and suggests once people handle it; `suggest` never
 * replies, always suggests; `off` does nothing but hand a held conversation
 * to the team (a bot inbox keeps every new conversation pending, and nobody
 * else would pick it up).
 */
export function planForMessage(mode: AiMode, botOwned: boolean): MessagePlan {
  if (mode === 'off') return botOwned ? { kind: 'pass_to_team' } : { kind: 'ignore' };
  if (mode === 'suggest') return { kind: 'suggest', passToTeam: botOwned };
  return botOwned ? { kind: 'answer' } : { kind: 'suggest', passToTeam: false };
}

/** Signals checked before drafting: any of them hands off at once. */
export interface EarlySignals {
  text: string;
  hasAttachments: boolean;
  askedForHuman: boolean;
}

/** A hand-off that needs no draft, or undefined. */
export function decideEarlyHandoff(signals: EarlySignals): HandoffReason | undefined {
  if (signals.askedForHuman) return { code: 'customer_asked_for_human' };
  if (!signals.text.trim())
    return signals.hasAttachments ? { code: 'unsupported_content', detail: 'attachment only' } : undefined;
  return undefined;
}

/** What the draft and the conversation say about replying. */
export interface AnswerSignals {
  humanOnlyTopic?: string;
  repeatedQuestion: boolean;
  /** Set when the customer's language is reliably detected and not among settings.ai.languages. */
  unsupportedLanguage?: string;
  failure?: { kind: string; message: string };
  needsHuman: boolean;
  hasAnswer: boolean;
  /** The model said the material does not contain the answer (whatever the threshold). */
  modelInsufficient?: boolean;
  confidence: number;
  threshold: number;
}

export type AnswerDecision = { action: 'reply' } | { action: 'handoff'; reason: HandoffReason };

/**
 * Reply only when nothing calls for a person and the confidence reaches the
 * threshold (an estimated probability, see confidence/); otherwise hand off
 * with the first reason that applies.
 */
export function decideAnswer(signals: AnswerSignals): AnswerDecision {
  const handoff = (reason: HandoffReason): AnswerDecision => ({ action: 'handoff', reason });
  if (signals.humanOnlyTopic) return handoff({ code: 'human_only_topic', detail: signals.humanOnlyTopic });
  if (signals.repeatedQuestion) return handoff({ code: 'repeated_question' });
  if (signals.unsupportedLanguage)
    return handoff({ code: 'unsupported_language', detail: signals.unsupportedLanguage });
  if (signals.failure) {
    const code = signals.failure.kind === 'retrieval' ? 'retrieval_failed' : 'generation_failed';
    return handoff({ code, detail: `${signals.failure.kind}: ${signals.failure.message}`.slice(0, 300) });
  }
  if (signals.needsHuman) return handoff({ code: 'model_needs_human' });
  if (!signals.hasAnswer || signals.modelInsufficient) return handoff({ code: 'no_answer' });
  if (signals.confidence < signals.threshold) {
    return handoff({
      code: 'low_confidence',
      detail: `${signals.confidence.toFixed(2)} < ${signals.threshold.toFixed(2)}`,
    });
  }
  return { action: 'reply' };
}
