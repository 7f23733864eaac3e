import type { HandoffReasonCode } from '../install/installation-settings.ts';

/** Why the AI agent handed a conversation over, as routing sees it. */
export interface RoutingReason {
  code: HandoffReasonCode | (string & {});
  /** The topic, language or failure behind the reason, when there is one. */
  detail?: string;
}

/** A knowledge-base excerpt the AI agent drew on for the message, for topic rules. */
export interface RoutingSource {
  title: string;
  heading?: string;
  documentId?: string;
}

/** What routing looks at: the conversation being handed over. */
export interface RoutedConversation {
  id: number;
  inboxId: number;
  /** `whatsapp`, `email`, `discord`, … (identity's `channelOf`). */
  channel: string;
  /** ISO 639-1 code of the customer's language, when known (else detected from `text`). */
  language?: string;
  /** The customer message that led to the hand-off. */
  text: string;
  /** The contact's custom attributes. */
  contactAttributes: Record<string, unknown>;
  /** Labels the conversation already has (Chatwoot replaces the whole list). */
  labels: readonly string[];
  /** Knowledge-base sources retrieved for `text`, when the agent has them (topic rules match their titles). */
  sources?: readonly RoutingSource[];
}

/** What routing did. */
export interface RoutingOutcome {
  rule?: string;
  teamId?: number;
  priority?: string;
  labels?: string[];
  /** The agent the conversation was assigned to. */
  assigneeId?: number;
  assignment?: 'round_robin' | 'least_loaded';
  /** Why a rule asking for an assignment assigned nobody (no agent online, Chatwoot unreachable). */
  unassigned?: string;
}
