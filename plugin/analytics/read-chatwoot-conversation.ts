import type { ChatwootConversation, ConversationPriority, ConversationStatus } from '../chatwoot/types.ts';
import { channelOf } from '../identity/load-customer-history.ts';
import type { InstallationContext } from '../install/installation-directory.ts';

/** The parts of a Chatwoot conversation payload analytics and SLA timers key their records by. */
export interface ConversationRef {
  conversationId: number;
  inboxId: number;
  /** `whatsapp`, `email`, bridged channel name, … */
  channel: string;
  status?: ConversationStatus;
  priority: ConversationPriority | null;
  /** Id of the last public message Chatwoot put in `messages[0]`, when present. */
  lastMessageId?: number;
  assigneeId?: number;
  teamId?: number;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const integer = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;
const PRIORITIES = new Set(['low', 'medium', 'high', 'urgent']);

/**
 * Reads a conversation payload (a conversation event's root, or a message
 * event's `conversation`). Undefined without a conversation or inbox id.
 */
export function readChatwootConversation(
  installation: InstallationContext,
  payload: unknown,
): ConversationRef | undefined {
  const conversation = record(payload);
  const conversationId = integer(conversation.id);
  const inboxId = integer(conversation.inbox_id);
  if (conversationId === undefined || inboxId === undefined) return undefined;
  const meta = record(conversation.meta);
  const shim = {
    inbox_id: inboxId,
    additional_attributes: record(conversation.additional_attributes),
    meta: { channel: typeof conversation.channel === 'string' ? conversation.channel : meta.channel },
  } as unknown as ChatwootConversation;
  const messages = Array.isArray(conversation.messages) ? conversation.messages : [];
  const lastMessageId = integer(record(messages[0]).id);
  const assigneeType = String(meta.assignee_type ?? 'User').toLowerCase();
  const assigneeId = assigneeType === 'user' ? integer(record(meta.assignee).id) : undefined;
  const teamId = integer(record(meta.team).id);
  const priority =
    typeof conversation.priority === 'string' && PRIORITIES.has(conversation.priority)
      ? (conversation.priority as ConversationPriority)
      : null;
  return {
    conversationId,
    inboxId,
    channel: channelOf(installation, shim),
    ...(typeof conversation.status === 'string' ? { status: conversation.status as ConversationStatus } : {}),
    priority,
    ...(lastMessageId !== undefined ? { lastMessageId } : {}),
    ...(assigneeId !== undefined ? { assigneeId } : {}),
    ...(teamId !== undefined ? { teamId } : {}),
  };
}
