import type { ConversationRecord, MessageRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { isoTime, unixFloat, unixSeconds } from './format-time.ts';
import { presentAgentBotPushData, presentAgentBotSlim } from './present-agent-bots.ts';
import { presentContact, presentContactInboxRow, presentContactPushData } from './present-contacts.ts';
import { presentMessagePushData, unreadCount } from './present-messages.ts';
import { presentTeam, presentTeamPushData } from './present-teams.ts';
import { presentAgent, presentUserPushData } from './present-users.ts';

const HOUR_MS = 3_600_000;

/** `Conversations::MessageWindowService#can_reply?`: messaging windows of channels that have one. */
export function canReply(
  state: SandboxState,
  conversation: ConversationRecord,
  now: Date = new Date(),
): boolean {
  const inbox = state.inboxes.get(conversation.inboxId);
  if (!inbox) return true;
  let windowMs: number | undefined;
  const channel = inbox.channel;
  if (channel.type === 'Channel::Api') {
    const hours = Number(channel.additionalAttributes?.agent_reply_time_window ?? 0);
    windowMs = hours > 0 ? hours * HOUR_MS : undefined;
  } else if (channel.type === 'Channel::FacebookPage' || channel.type === 'Channel::Instagram') {
    windowMs = 24 * HOUR_MS;
  } else if (channel.type === 'Channel::Whatsapp') {
    windowMs = 24 * HOUR_MS;
  } else if (channel.type === 'Channel::TwilioSms' && channel.medium === 'whatsapp') {
    windowMs = 24 * HOUR_MS;
  }
  if (windowMs === undefined) return true;
  const lastIncoming = state
    .messagesOf(conversation.id)
    .filter((message) => message.messageType === 'incoming')
    .at(-1);
  if (!lastIncoming) return false;
  return now.getTime() < lastIncoming.createdAt.getTime() + windowMs;
}

/** The last message of the conversation in the account, any type (API partial `messages`). */
function lastMessage(state: SandboxState, conversation: ConversationRecord): MessageRecord | undefined {
  return state.messagesOf(conversation.id).at(-1);
}

/** `messages.chat.last`: the last non-activity, non-private message (push data `messages`). */
function lastChatMessage(state: SandboxState, conversation: ConversationRecord): MessageRecord | undefined {
  return state
    .messagesOf(conversation.id)
    .filter((message) => message.messageType !== 'activity' && !message.private)
    .at(-1);
}

/** `non_activity_messages.first` (ordered by id desc): the newest non-activity message, private or not. */
function lastNonActivityMessage(
  state: SandboxState,
  conversation: ConversationRecord,
): MessageRecord | undefined {
  return state
    .messagesOf(conversation.id)
    .filter((message) => message.messageType !== 'activity')
    .at(-1);
}

/**
 * `app/views/api/v1/conversations/partials/_conversation.json.jbuilder`: the conversation as the
 * application API renders it (show, list, create, filter, contact conversations).
 */
export function presentConversation(
  state: SandboxState,
  conversation: ConversationRecord,
  currentUserId?: number,
): Record<string, unknown> {
  const contact = state.contacts.get(conversation.contactId);
  const inbox = state.inboxes.get(conversation.inboxId);
  const contactInbox = state.contactInboxes.get(conversation.contactInboxId);
  const meta: Record<string, unknown> = {
    sender: contact ? presentContact(state, contact) : null,
    channel: inbox?.channel.type ?? null,
  };
  const bot = conversation.assigneeAgentBotId
    ? state.agentBots.get(conversation.assigneeAgentBotId)
    : undefined;
  const assignee = conversation.assigneeId ? state.users.get(conversation.assigneeId) : undefined;
  if (bot) {
    meta.assignee = presentAgentBotSlim(bot);
    meta.assignee_type = 'AgentBot';
  } else if (assignee) {
    meta.assignee = presentAgent(assignee, conversation.accountId);
    meta.assignee_type = 'User';
  }
  const team = conversation.teamId ? state.teams.get(conversation.teamId) : undefined;
  if (team) meta.team = presentTeam(team, currentUserId);
  meta.hmac_verified = contactInbox?.hmacVerified ?? null;

  const last = lastMessage(state, conversation);
  const lastNonActivity = lastNonActivityMessage(state, conversation);
  const lastActivityAt = conversation.lastActivityAt ?? conversation.createdAt;
  return {
    meta,
    id: conversation.displayId,
    messages: last ? [presentMessagePushData(state, last)] : [],
    account_id: conversation.accountId,
    uuid: conversation.uuid,
    additional_attributes: conversation.additionalAttributes,
    agent_last_seen_at: unixSeconds(conversation.agentLastSeenAt),
    assignee_last_seen_at: unixSeconds(conversation.assigneeLastSeenAt),
    can_reply: canReply(state, conversation),
    contact_last_seen_at: unixSeconds(conversation.contactLastSeenAt),
    custom_attributes: conversation.customAttributes,
    inbox_id: conversation.inboxId,
    labels: [...conversation.labels],
    muted: conversation.muted,
    snoozed_until: isoTime(conversation.snoozedUntil),
    status: conversation.status,
    created_at: unixSeconds(conversation.createdAt),
    updated_at: unixFloat(conversation.updatedAt),
    timestamp: unixSeconds(lastActivityAt),
    first_reply_created_at: unixSeconds(conversation.firstReplyCreatedAt),
    unread_count: unreadCount(state, conversation.id),
    last_non_activity_message: lastNonActivity ? presentMessagePushData(state, lastNonActivity) : null,
    last_activity_at: unixSeconds(lastActivityAt),
    priority: conversation.priority,
    waiting_since: unixSeconds(conversation.waitingSince),
    sla_policy_id: null,
  };
}

/**
 * `Conversations::EventDataPresenter#push_data`: the conversation in webhook payloads (`webhook_data`).
 * Has `contact_inbox` (raw row) and `channel`, and no `account` key.
 */
export function presentConversationPushData(
  state: SandboxState,
  conversation: ConversationRecord,
): Record<string, unknown> {
  const inbox = state.inboxes.get(conversation.inboxId);
  const contact = state.contacts.get(conversation.contactId);
  const contactInbox = state.contactInboxes.get(conversation.contactInboxId);
  const bot = conversation.assigneeAgentBotId
    ? state.agentBots.get(conversation.assigneeAgentBotId)
    : undefined;
  const assignee = conversation.assigneeId ? state.users.get(conversation.assigneeId) : undefined;
  const team = conversation.teamId ? state.teams.get(conversation.teamId) : undefined;
  const chat = lastChatMessage(state, conversation);
  const lastActivityAt = conversation.lastActivityAt ?? conversation.createdAt;
  return {
    additional_attributes: conversation.additionalAttributes,
    can_reply: canReply(state, conversation),
    channel: inbox?.channel.type ?? null,
    contact_inbox: contactInbox ? presentContactInboxRow(contactInbox) : null,
    id: conversation.displayId,
    inbox_id: conversation.inboxId,
    messages: chat ? [presentMessagePushData(state, chat)] : [],
    labels: [...conversation.labels],
    meta: {
      sender: contact ? presentContactPushData(contact) : null,
      assignee: bot ? presentAgentBotPushData(bot) : assignee ? presentUserPushData(assignee) : null,
      assignee_type: bot ? 'AgentBot' : assignee ? 'User' : null,
      team: team ? presentTeamPushData(team) : null,
      hmac_verified: contactInbox?.hmacVerified ?? null,
    },
    status: conversation.status,
    custom_attributes: conversation.customAttributes,
    snoozed_until: isoTime(conversation.snoozedUntil),
    unread_count: unreadCount(state, conversation.id),
    first_reply_created_at: isoTime(conversation.firstReplyCreatedAt),
    priority: conversation.priority,
    waiting_since: unixSeconds(conversation.waitingSince),
    agent_last_seen_at: unixSeconds(conversation.agentLastSeenAt),
    contact_last_seen_at: unixSeconds(conversation.contactLastSeenAt),
    last_activity_at: unixSeconds(lastActivityAt),
    timestamp: unixSeconds(lastActivityAt),
    created_at: unixSeconds(conversation.createdAt),
    updated_at: unixFloat(conversation.updatedAt),
  };
}
