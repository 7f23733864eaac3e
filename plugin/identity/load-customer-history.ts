import type { ChatwootConversation, ChatwootMessage } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { KeyValueStore } from '../store/store.ts';
import { followMergedContact } from './follow-merged-contact.ts';

/** One message of a customer's history, from whichever channel it came through. */
export interface HistoryEntry {
  /** ISO-8601 time Chatwoot recorded the message. */
  at: string;
  /** `whatsapp`, `sms`, `email`, `web`, `telegram`, `messenger`, `instagram`, `line`, a bridged channel id (`slack`, `discord`, …) or `api`. */
  channel: string;
  inboxId: number;
  conversationId: number;
  messageId: number;
  author: 'customer' | 'agent' | 'bot';
  authorName?: string;
  text: string;
  /** Attachment kinds (`image`, `file`, `location`, …). */
  attachments: string[];
  /** A private note (only with `includePrivateNotes`). */
  private?: boolean;
  /** The text was cut to the per-message budget. */
  truncated?: boolean;
}

/** A customer's recent messages across all their conversations and channels, oldest first. */
export interface CustomerHistory {
  /** The contact read (the surviving contact when the one asked for was merged). */
  contactId: number;
  entries: HistoryEntry[];
  /** Older messages exist that did not fit the budget or were not fetched. */
  hasMore: boolean;
  conversations: Array<{ id: number; channel: string; inboxId: number; status: string }>;
}

/** Limits of {@link loadCustomerHistory}; defaults fit a prompt of a few thousand tokens. */
export interface HistoryBudget {
  /** Most messages returned (default 40). */
  maxMessages?: number;
  /** Most characters of message text in total (default 6 000). */
  maxChars?: number;
  /** Longer messages are cut to this many characters (default 600). */
  maxCharsPerMessage?: number;
  /** Most recent conversations read (default 10). */
  maxConversations?: number;
  /** Conversations to leave out (e.g. the one the caller already shows in full). */
  excludeConversationIds?: readonly number[];
  /** Include agents' private notes (default false: a customer-facing AI must never quote them). */
  includePrivateNotes?: boolean;
}

const PAGE_SIZE = 20;
const NATIVE_CHANNELS: Record<string, string> = {
  'Channel::Whatsapp': 'whatsapp',
  'Channel::Sms': 'sms',
  'Channel::TwilioSms': 'sms',
  'Channel::Email': 'email',
  'Channel::WebWidget': 'web',
  'Channel::Telegram': 'telegram',
  'Channel::FacebookPage': 'messenger',
  'Channel::Instagram': 'instagram',
  'Channel::Line': 'line',
};

/**
 * The customer's recent messages across every conversation and channel, read
 * from Chatwoot (so after a merge it covers everything the merged contacts
 * said), in time order with the channel of each, trimmed to a budget: the
 * newest messages are kept, each cut to `maxCharsPerMessage`, until
 * `maxMessages` or `maxChars` is reached. Activity messages are left out,
 * and private notes unless asked for.
 *
 * The AI agent puts it in its prompt (see `formatCustomerHistory`); the
 * dashboard extension shows it beside the conversation.
 */
export async function loadCustomerHistory(
  deps: { store: { kv: KeyValueStore } },
  installation: InstallationContext,
  contactId: number,
  budget: HistoryBudget = {},
): Promise<CustomerHistory> {
  const maxMessages = budget.maxMessages ?? 40;
  const maxChars = budget.maxChars ?? 6_000;
  const maxCharsPerMessage = budget.maxCharsPerMessage ?? 600;
  const maxConversations = budget.maxConversations ?? 10;
  const excluded = new Set(budget.excludeConversationIds ?? []);
  const resolvedId = await followMergedContact(deps.store.kv, installation.record.id, contactId);

  const conversations = (await installation.chatwoot.listContactConversations(resolvedId))
    .filter((conversation) => !excluded.has(conversation.id))
    .sort((a, b) => activityOf(b) - activityOf(a));
  const read = conversations.slice(0, maxConversations);
  let hasMore = conversations.length > read.length;

  const candidates: HistoryEntry[] = [];
  for (const conversation of read) {
    const channel = channelOf(installation, conversation);
    const { messages, more } = await readRecentMessages(installation, conversation.id, maxMessages);
    hasMore ||= more;
    for (const message of messages) {
      const entry = toEntry(
        message,
        conversation,
        channel,
        budget.includePrivateNotes === true,
        maxCharsPerMessage,
      );
      if (entry) candidates.push(entry);
    }
  }

  candidates.sort((a, b) => a.at.localeCompare(b.at) || a.messageId - b.messageId);
  const kept: HistoryEntry[] = [];
  let chars = 0;
  for (let index = candidates.length - 1; index >= 0; index -= 1) {
    const entry = candidates[index] as HistoryEntry;
    if (kept.length >= maxMessages || chars + entry.text.length > maxChars) {
      hasMore = true;
      break;
    }
    kept.push(entry);
    chars += entry.text.length;
  }
  kept.reverse();
  return {
    contactId: resolvedId,
    entries: kept,
    hasMore,
    conversations: read.map((conversation) => ({
      id: conversation.id,
      channel: channelOf(installation, conversation),
      inboxId: conversation.inbox_id,
      status: conversation.status,
    })),
  };
}

function activityOf(conversation: ChatwootConversation): number {
  return Number(conversation.last_activity_at ?? conversation.timestamp ?? conversation.created_at ?? 0);
}

/** The latest `limit` messages of a conversation, paging back with `before`. */
async function readRecentMessages(
  installation: InstallationContext,
  conversationId: number,
  limit: number,
): Promise<{ messages: ChatwootMessage[]; more: boolean }> {
  const collected: ChatwootMessage[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await installation.chatwoot.listMessages(
      conversationId,
      before === undefined ? {} : { before },
    );
    collected.unshift(...page.messages);
    const oldest = page.messages[0];
    if (page.messages.length < PAGE_SIZE || !oldest) return { messages: collected, more: false };
    if (collected.length >= limit) return { messages: collected, more: true };
    before = oldest.id;
  }
}

/** The channel a conversation happened on, by its inbox type or, for bridged API inboxes, the bridged channel. */
export function channelOf(installation: InstallationContext, conversation: ChatwootConversation): string {
  const type = conversation.meta?.channel;
  if (type && NATIVE_CHANNELS[type]) {
    if (
      type === 'Channel::FacebookPage' &&
      conversation.additional_attributes?.type === 'instagram_direct_message'
    ) {
      return 'instagram';
    }
    return NATIVE_CHANNELS[type];
  }
  const bridged = conversation.additional_attributes?.omniloom_channel;
  if (typeof bridged === 'string' && bridged !== '') return bridged;
  const byInbox = Object.entries(installation.record.provisioned.apiInboxes ?? {}).find(
    ([, inboxId]) => inboxId === conversation.inbox_id,
  );
  return byInbox?.[0] ?? 'api';
}

function toEntry(
  message: ChatwootMessage,
  conversation: ChatwootConversation,
  channel: string,
  includePrivate: boolean,
  maxCharsPerMessage: number,
): HistoryEntry | undefined {
  if (message.message_type === 2) return undefined;
  if (message.private && !includePrivate) return undefined;
  const content = (message.content ?? '').trim();
  const attachments = (message.attachments ?? []).map((attachment) => attachment.file_type);
  if (content === '' && attachments.length === 0) return undefined;
  const truncated = content.length > maxCharsPerMessage;
  const senderType = message.sender?.type;
  const author: HistoryEntry['author'] =
    message.message_type === 0
      ? 'customer'
      : senderType === 'agent_bot' || senderType === 'AgentBot'
        ? 'bot'
        : 'agent';
  return {
    at: new Date(message.created_at * 1000).toISOString(),
    channel,
    inboxId: message.inbox_id ?? conversation.inbox_id,
    conversationId: conversation.id,
    messageId: message.id,
    author,
    ...(message.sender?.name ? { authorName: message.sender.name } : {}),
    text: truncated ? `${content.slice(0, maxCharsPerMessage - 1).trimEnd()}…` : content,
    attachments,
    ...(message.private ? { private: true } : {}),
    ...(truncated ? { truncated: true } : {}),
  };
}

/**
 * The history as plain lines for a prompt:
 * `[2025-11-20 09:14 · whatsapp] Customer: my order has not arrived`.
 */
export function formatCustomerHistory(history: CustomerHistory): string {
  return history.entries
    .map((entry) => {
      const when = entry.at.slice(0, 16).replace('T', ' ');
      const who = entry.author === 'customer' ? 'Customer' : entry.author === 'bot' ? 'Bot' : 'Agent';
      const files = entry.attachments.length > 0 ? ` [${entry.attachments.join(', ')}]` : '';
      const note = entry.private ? ' (private note)' : '';
      return `[${when} · ${entry.channel}] ${who}${note}: ${entry.text}${files}`;
    })
    .join('\n');
}
