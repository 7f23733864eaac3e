import type { HandoffReasonCode } from '../../install/installation-settings.ts';

/** Why the agent handed a conversation to people (the codes live with the settings, where routing rules name them). */
export type { HandoffReasonCode };

export interface HandoffReason {
  code: HandoffReasonCode;
  /** Specifics for the note: the topic, the language, the failure, the confidence against the threshold. */
  detail?: string;
}

const LABELS: Record<HandoffReasonCode, string> = {
  customer_asked_for_human: 'the customer asked for a person',
  human_only_topic: 'the message is about a topic only people handle',
  repeated_question: 'the customer asked the same question again after an answer',
  unsupported_language: 'the customer writes in a language the assistant does not answer in',
  unsupported_content: 'the message has no text the assistant can read',
  low_confidence: 'the assistant was not confident enough in its answer',
  no_answer: 'the knowledge base has nothing on this question',
  model_needs_human: 'the assistant judged that only a person can help',
  generation_failed: 'the answer could not be generated',
  retrieval_failed: 'the knowledge base could not be searched',
  suggest_mode: 'the inbox is in suggest mode: people reply, the assistant only suggests',
  ai_off: 'the assistant is off for this inbox',
};

/** A sentence for the private note, e.g. "the customer asked for a person". */
export function describeHandoffReason(reason: HandoffReason): string {
  return reason.detail ? `${LABELS[reason.code]} (${reason.detail})` : LABELS[reason.code];
}
