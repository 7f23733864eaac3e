import { generateUuid } from '../state/generate-tokens.ts';
import type { ContactInboxRecord, ConversationRecord, ConversationStatus } from '../state/records.ts';
import type { SandboxContext } from './sandbox-context.ts';

/** Attributes of a new conversation (`ConversationBuilder#conversation_params` and the channel services). */
export interface NewConversation {
  status?: ConversationStatus;
  assigneeId?: number | null;
  teamId?: number | null;
  additionalAttributes?: Record<string, unknown>;
  customAttributes?: Record<string, unknown>;
  snoozedUntil?: Date | null;
}

/**
 * Create a conversation for a contact inbox with `Conversation`'s before-create rules
 * (`determine_conversation_status`: blocked contact → resolved, inbox with an active agent bot →
 * pending, overriding any requested status; `ensure_waiting_since`) and emit conversation_created.
 */
export function createConversation(
  context: SandboxContext,
  contactInbox: ContactInboxRecord,
  input: NewConversation = {},
): ConversationRecord {
  const { state } = context;
  const inbox = state.inboxes.get(contactInbox.inboxId);
  const contact = state.contacts.get(contactInbox.contactId);
  if (!inbox || !contact) throw new Error('contact inbox without inbox or contact');
  let status: ConversationStatus = input.status ?? 'open';
  if (contact.blocked) status = 'resolved';
  else if (state.activeInboxBot(inbox.id)) status = 'pending';
  const now = context.now();
  const assigneeId = input.assigneeId ?? null;
  const conversation: ConversationRecord = {
    id: state.nextId('conversations'),
    accountId: inbox.accountId,
    inboxId: inbox.id,
    contactId: contact.id,
    contactInboxId: contactInbox.id,
    displayId: state.nextDisplayId(inbox.accountId),
    uuid: generateUuid(),
    status,
    priority: null,
    assigneeId,
    assigneeAgentBotId: null,
    teamId: input.teamId ?? null,
    labels: [],
    additionalAttributes: input.additionalAttributes ?? {},
    customAttributes: input.customAttributes ?? {},
    snoozedUntil: status === 'snoozed' ? (input.snoozedUntil ?? null) : null,
    waitingSince: now,
    firstReplyCreatedAt: null,
    agentLastSeenAt: null,
    assigneeLastSeenAt: null,
    contactLastSeenAt: null,
    lastActivityAt: null,
    muted: false,
    createdAt: now,
    updatedAt: now,
  };
  state.conversations.set(conversation.id, conversation);
  context.events.record({ name: 'conversation_created', conversationId: conversation.id });
  return conversation;
}
