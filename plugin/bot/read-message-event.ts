import type { ConversationStatus } from '../chatwoot/types.ts';

/** Who wrote a message, from the webhook's `sender` (reference §12: a contact sender has no `type` key). */
export type SenderKind = 'contact' | 'user' | 'agent_bot' | 'unknown';

/** The parts of a `message_created` payload the agent uses. */
export interface MessageEvent {
  messageId: number;
  conversationId: number;
  inboxId: number;
  contactId?: number;
  content: string;
  messageType: string;
  private: boolean;
  sender: SenderKind;
  hasAttachments: boolean;
  /** Conversation status when Chatwoot built the payload (may be stale by the time a worker reads it). */
  status?: ConversationStatus;
  /** `Channel::Whatsapp`, `Channel::Api`, … */
  channelType?: string;
  /** `user` when an agent is assigned (`meta.assignee_type` is "User"). */
  assigneeType?: string;
  labels: string[];
  contactAttributes: Record<string, unknown>;
  additionalAttributes: Record<string, unknown>;
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

function senderKind(sender: Record<string, unknown>): SenderKind {
  if (Object.keys(sender).length === 0) return 'unknown';
  const type = sender.type;
  if (type === undefined || type === 'contact' || type === 'Contact') return 'contact';
  if (type === 'user' || type === 'User') return 'user';
  if (type === 'agent_bot' || type === 'AgentBot') return 'agent_bot';
  return 'unknown';
}

/** Reads a `message_created` payload; undefined when it lacks a message or conversation id. */
export function readMessageEvent(payload: Record<string, unknown>): MessageEvent | undefined {
  const conversation = record(payload.conversation);
  const meta = record(conversation.meta);
  const messageId = integer(payload.id);
  const conversationId = integer(conversation.id);
  const inboxId = integer(conversation.inbox_id) ?? integer(record(payload.inbox).id);
  if (messageId === undefined || conversationId === undefined || inboxId === undefined) return undefined;
  const sender = record(payload.sender);
  const kind = senderKind(sender);
  const metaSender = record(meta.sender);
  const contactId =
    integer(metaSender.id) ??
    integer(record(conversation.contact_inbox).contact_id) ??
    (kind === 'contact' ? integer(sender.id) : undefined);
  const status = conversation.status;
  return {
    messageId,
    conversationId,
    inboxId,
    ...(contactId !== undefined ? { contactId } : {}),
    content: typeof payload.content === 'string' ? payload.content : '',
    messageType:
      typeof payload.message_type === 'string' ? payload.message_type : String(payload.message_type ?? ''),
    private: payload.private === true,
    sender: kind,
    hasAttachments: Array.isArray(payload.attachments) && payload.attachments.length > 0,
    ...(typeof status === 'string' ? { status: status as ConversationStatus } : {}),
    ...(typeof conversation.channel === 'string' ? { channelType: conversation.channel } : {}),
    ...(typeof meta.assignee_type === 'string' ? { assigneeType: meta.assignee_type.toLowerCase() } : {}),
    labels: Array.isArray(conversation.labels)
      ? conversation.labels.filter((label): label is string => typeof label === 'string')
      : [],
    contactAttributes: record(metaSender.custom_attributes ?? sender.custom_attributes),
    additionalAttributes: record(conversation.additional_attributes),
  };
}

/** A message the customer wrote: incoming, public, sent by the contact (never an agent, a bot, or a note). */
export function isCustomerMessage(event: MessageEvent): boolean {
  return event.messageType === 'incoming' && !event.private && event.sender === 'contact';
}

/** A public reply by a human agent. */
export function isAgentReply(event: MessageEvent): boolean {
  return event.messageType === 'outgoing' && !event.private && event.sender === 'user';
}
