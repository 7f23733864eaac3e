import type { ChatwootContact, ChatwootConversation, ChatwootMessage } from '../../plugin/chatwoot/types.ts';
import { ChatwootApiError } from '../../plugin/errors.ts';
import { channelOf, presentContactIdentity } from '../../plugin/identity/index.ts';
import type { InstallationContext } from '../../plugin/install/installation-directory.ts';
import type { Store } from '../../plugin/store/store.ts';
import { asPanelError } from './load-verified-conversation.ts';

/** Most recent conversations shown in the cross-channel timeline. */
export const TIMELINE_LENGTH = 6;

/** Display names of the channels Omniloom knows (native inbox types and bridged connectors). */
const CHANNEL_NAMES: Record<string, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  email: 'Email',
  web: 'Website',
  telegram: 'Telegram',
  messenger: 'Messenger',
  instagram: 'Instagram',
  line: 'LINE',
  slack: 'Slack',
  discord: 'Discord',
  viber: 'Viber',
  teams: 'Teams',
  webhook: 'Webhook',
  api: 'API',
};

/** Channels with their own icon in `icons.svg`; anything else gets the generic one. */
const ICONS = new Set(Object.keys(CHANNEL_NAMES));

export interface ChannelBadge {
  channel: string;
  channelName: string;
  icon: string;
}

export interface CustomerView {
  contactId: number;
  name: string;
  subtitle?: string;
  identities: Array<
    ChannelBadge & {
      value: string;
      verified: boolean;
      typeLabel: string;
      source: string;
      provenanceTitle: string;
    }
  >;
  mergeSuggestions: Array<{
    id: string;
    otherContactId: number;
    otherName: string;
    otherDetail?: string;
    otherMissing: boolean;
    identifierLabel: string;
    identifierValue: string;
    reason: string;
    conflict: boolean;
  }>;
  timeline: Array<
    ChannelBadge & {
      id: number;
      current: boolean;
      inboxName: string;
      status: string;
      lastAuthor?: string;
      lastMessage?: string;
      lastPrivate: boolean;
      at?: string;
    }
  >;
}

/** Icon and name of a channel id (`whatsapp`, `discord`, …). */
export function channelBadge(channel: string): ChannelBadge {
  const known = CHANNEL_NAMES[channel];
  return {
    channel,
    channelName: known ?? channel.charAt(0).toUpperCase() + channel.slice(1),
    icon: ICONS.has(channel) ? channel : 'channel',
  };
}

const TYPE_LABELS: Record<string, string> = {
  email: 'Email',
  phone: 'Phone',
  channel_user: 'Account',
  external_id: 'Customer id',
};

/**
 * Where an identifier came from, as a channel: `whatsapp:source_id` → WhatsApp,
 * a `discord:8123` account → Discord; a typed-in claim (`message-text`) has no
 * channel and gets the icon of its kind (email, phone).
 */
function identityBadge(type: string, value: string, source: string | null): ChannelBadge {
  if (type === 'channel_user') {
    const prefix = value.split(':')[0] ?? '';
    if (prefix) return channelBadge(prefix);
  }
  const sourceChannel = source?.split(':')[0];
  if (sourceChannel && CHANNEL_NAMES[sourceChannel] && type !== 'external_id')
    return channelBadge(sourceChannel);
  if (type === 'email') return { channel: 'email', channelName: 'Email', icon: 'email' };
  if (type === 'phone') return { channel: 'phone', channelName: 'Phone', icon: 'phone' };
  return { channel: 'id', channelName: 'Customer id', icon: 'id' };
}

function describeSource(source: string | null): string {
  if (!source) return 'unknown source';
  if (source === 'message-text') return 'typed in a message';
  const [channel, detail] = source.split(':');
  const name = CHANNEL_NAMES[channel ?? ''] ?? channel ?? source;
  return detail ? `${name} (${detail})` : name;
}

function displayValue(type: string, value: string): string {
  if (type === 'channel_user') return value.includes(':') ? value.slice(value.indexOf(':') + 1) : value;
  return value;
}

function contactDetail(contact: Partial<ChatwootContact>): string | undefined {
  return (
    [contact.email, contact.phone_number].filter((part): part is string => Boolean(part)).join(' · ') ||
    undefined
  );
}

async function readContact(
  installation: InstallationContext,
  contactId: number,
): Promise<ChatwootContact | undefined> {
  try {
    return await installation.chatwoot.getContact(contactId);
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return undefined;
    throw asPanelError(error, `Contact ${contactId} is not in this Chatwoot account.`);
  }
}

function activityOf(conversation: ChatwootConversation): number {
  return Number(conversation.last_activity_at ?? conversation.timestamp ?? conversation.created_at ?? 0);
}

function lastMessageOf(conversation: ChatwootConversation): ChatwootMessage | undefined {
  return (
    conversation.last_non_activity_message ??
    conversation.messages?.filter((m) => m.message_type !== 2).at(-1)
  );
}

function authorOf(message: ChatwootMessage, contactName: string): string {
  if (message.message_type === 0) return contactName || 'Customer';
  const type = message.sender?.type;
  if (type === 'agent_bot' || type === 'AgentBot') return 'Bot';
  return message.sender?.name ? String(message.sender.name) : 'Agent';
}

/**
 * The customer beside the open conversation: their linked identities with
 * provenance (identity module), pending merge suggestions with the other
 * contact as Chatwoot has it, and their recent conversations on every
 * channel. The contact is the one Chatwoot says the conversation belongs to,
 * never the one the panel was told about.
 */
export async function presentCustomer(
  store: Pick<Store, 'kv' | 'identities' | 'mergeSuggestions'>,
  installation: InstallationContext,
  conversation: ChatwootConversation,
): Promise<CustomerView> {
  const contactId = conversation.meta.sender.id;
  const installationId = installation.record.id;
  const [contact, identity, conversations] = await Promise.all([
    readContact(installation, contactId),
    presentContactIdentity(store, installationId, contactId),
    installation.chatwoot.listContactConversations(contactId).catch((error: unknown) => {
      throw asPanelError(error, `Contact ${contactId} is not in this Chatwoot account.`);
    }),
  ]);
  const name = contact?.name ?? conversation.meta.sender.name ?? `Contact #${contactId}`;
  const inboxNames = new Map<number, string>();
  for (const row of (
    contact as { contact_inboxes?: Array<{ inbox?: { id?: number; name?: string } }> } | undefined
  )?.contact_inboxes ?? []) {
    if (row.inbox?.id !== undefined && row.inbox.name) inboxNames.set(row.inbox.id, row.inbox.name);
  }

  const mergeSuggestions: CustomerView['mergeSuggestions'] = [];
  for (const suggestion of identity.suggestions) {
    const other = await readContact(installation, suggestion.otherContactId);
    const detail = other ? contactDetail(other) : undefined;
    mergeSuggestions.push({
      id: suggestion.id,
      otherContactId: suggestion.otherContactId,
      otherName: other?.name || `Contact #${suggestion.otherContactId}`,
      ...(detail ? { otherDetail: detail } : {}),
      otherMissing: !other,
      identifierLabel: (TYPE_LABELS[suggestion.identifier.type] ?? suggestion.identifier.type).toLowerCase(),
      identifierValue: displayValue(suggestion.identifier.type, suggestion.identifier.value),
      reason: suggestion.reason,
      conflict: suggestion.conflict,
    });
  }

  const timeline = [...conversations]
    .sort((a, b) => activityOf(b) - activityOf(a))
    .slice(0, TIMELINE_LENGTH)
    .map((row) => {
      const last = lastMessageOf(row);
      const at = activityOf(row);
      return {
        ...channelBadge(channelOf(installation, row)),
        id: row.id,
        current: row.id === conversation.id,
        inboxName: inboxNames.get(row.inbox_id) ?? `Inbox #${row.inbox_id}`,
        status: row.status,
        ...(last ? { lastAuthor: authorOf(last, name) } : {}),
        ...(last?.content ? { lastMessage: last.content } : {}),
        lastPrivate: Boolean(last?.private),
        ...(at > 0 ? { at: new Date(at * 1000).toISOString() } : {}),
      };
    });

  const subtitle = contact ? contactDetail(contact) : undefined;
  return {
    contactId: identity.contactId,
    name,
    ...(subtitle ? { subtitle } : {}),
    identities: identity.identifiers.map((identifier) => {
      const source = describeSource(identifier.source);
      const typeLabel = TYPE_LABELS[identifier.type] ?? identifier.type;
      return {
        ...identityBadge(identifier.type, identifier.value, identifier.source),
        value: displayValue(identifier.type, identifier.value),
        verified: identifier.verified,
        typeLabel,
        source,
        provenanceTitle: identifier.verified
          ? `${typeLabel} verified by ${source}`
          : `${typeLabel} claimed (${source}), not verified by a channel`,
      };
    }),
    mergeSuggestions,
    timeline,
  };
}
