import type { Identifier } from '../../messages/normalized-message.ts';
import { normalizeEmail } from './normalize-email.ts';
import { normalizePhone, type CountryCode } from './normalize-phone.ts';

/** Chatwoot inbox channel types Omniloom knows how to read identities from. */
export type ChatwootChannelType =
  | 'Channel::WebWidget'
  | 'Channel::Whatsapp'
  | 'Channel::FacebookPage'
  | 'Channel::Instagram'
  | 'Channel::Telegram'
  | 'Channel::Line'
  | 'Channel::Sms'
  | 'Channel::TwilioSms'
  | 'Channel::Email'
  | 'Channel::Api';

/**
 * What a Chatwoot webhook tells about a contact in one inbox. Field names
 * follow the payload: `contact` is the contact object, `sourceId` the
 * `contact_inbox.source_id`, `hmacVerified` the conversation's
 * `meta.hmac_verified` (or `contact_inbox.hmac_verified`).
 */
export interface ChatwootContactFacts {
  contact?: {
    email?: string | null;
    phone_number?: string | null;
    identifier?: string | null;
  } | null;
  sourceId?: string | null;
  hmacVerified?: boolean | null;
  /** `Channel::TwilioSms` medium; inferred from a `whatsapp:` source id when absent. */
  medium?: 'sms' | 'whatsapp' | null;
  /** `conversation.additional_attributes.type`; `instagram_direct_message` marks Instagram DMs in a Facebook Page inbox. */
  conversationType?: string | null;
}

export interface IdentifyOptions {
  /** Region for phone numbers written without a country code. */
  defaultRegion?: CountryCode;
}

/**
 * The identifiers a contact in an inbox of `channelType` carries, each marked
 * `verified` only when the channel itself vouches for it:
 *
 * - WhatsApp, SMS, Twilio: the sender's phone (`source_id`) — the carrier or
 *   WhatsApp registration delivered it.
 * - Email: the From address (`source_id`) — as strong as the receiving
 *   server's SPF/DKIM/DMARC, which Chatwoot does not check itself.
 * - Telegram, Messenger, Instagram, LINE: the platform user id as a
 *   namespaced `channel_user` (`telegram:12345`).
 * - Web widget and API inboxes: the contact `identifier`, only when the site's
 *   server proved it with the inbox HMAC (`hmac_verified`).
 *
 * API inbox `source_id`s are chosen by whoever created the contact_inbox and
 * mean nothing outside that inbox, so none is reported; Omniloom's bridged
 * connectors report their users' identifiers themselves.
 *
 * Everything else (pre-chat form email/phone, agent-edited attributes, an
 * identifier without HMAC) is returned as a claim with `verified: false`.
 * Contact attributes are never trusted on their own: an agent or a pre-chat
 * form can change them, the `source_id` cannot.
 */
export function identifyChatwootContact(
  channelType: ChatwootChannelType,
  facts: ChatwootContactFacts,
  options: IdentifyOptions = {},
): Identifier[] {
  const found = new IdentifierSet();
  const sourceId = facts.sourceId?.trim() || undefined;
  const region = options.defaultRegion;

  switch (channelType) {
    case 'Channel::Whatsapp':
      // Cloud API source ids are the wa_id: digits without '+'.
      found.add(
        'phone',
        sourceId && normalizePhone(/^\d+$/.test(sourceId) ? `+${sourceId}` : sourceId, region),
        true,
        'whatsapp:source_id',
      );
      break;
    case 'Channel::Sms':
      found.add('phone', normalizePhone(sourceId, region), true, 'sms:source_id');
      break;
    case 'Channel::TwilioSms': {
      const medium = facts.medium ?? (sourceId?.startsWith('whatsapp:') ? 'whatsapp' : 'sms');
      found.add('phone', normalizePhone(sourceId, region), true, `twilio-${medium}:source_id`);
      break;
    }
    case 'Channel::Email':
      found.add('email', normalizeEmail(sourceId), true, 'email:from');
      // Older email contact_inboxes may lack a source id; the contact email is the From address then.
      if (!sourceId) found.add('email', normalizeEmail(facts.contact?.email), true, 'email:from');
      break;
    case 'Channel::Telegram':
      found.addChannelUser('telegram', sourceId);
      break;
    case 'Channel::FacebookPage':
      found.addChannelUser(
        facts.conversationType === 'instagram_direct_message' ? 'instagram' : 'messenger',
        sourceId,
      );
      break;
    case 'Channel::Instagram':
      found.addChannelUser('instagram', sourceId);
      break;
    case 'Channel::Line':
      found.addChannelUser('line', sourceId);
      break;
    case 'Channel::WebWidget':
    case 'Channel::Api':
      break;
  }

  const identifier = facts.contact?.identifier?.trim();
  const hmacChannel = channelType === 'Channel::WebWidget' || channelType === 'Channel::Api';
  found.add(
    'external_id',
    identifier || undefined,
    hmacChannel && facts.hmacVerified === true,
    hmacChannel && facts.hmacVerified === true
      ? 'chatwoot:hmac_verified_identifier'
      : 'chatwoot:contact.identifier',
  );
  found.add('email', normalizeEmail(facts.contact?.email), false, 'chatwoot:contact.email');
  found.add(
    'phone',
    normalizePhone(facts.contact?.phone_number, region),
    false,
    'chatwoot:contact.phone_number',
  );
  return found.list();
}

/** Keeps one identifier per (type, value), the verified one when both exist. */
class IdentifierSet {
  private readonly byKey = new Map<string, Identifier>();

  add(type: Identifier['type'], value: string | undefined, verified: boolean, source: string): void {
    if (!value) return;
    const key = `${type}\u0000${value}`;
    const existing = this.byKey.get(key);
    if (existing && (existing.verified || !verified)) return;
    this.byKey.set(key, { type, value, verified, source });
  }

  addChannelUser(namespace: string, sourceId: string | undefined): void {
    this.add(
      'channel_user',
      sourceId ? `${namespace}:${sourceId}` : undefined,
      true,
      `${namespace}:source_id`,
    );
  }

  list(): Identifier[] {
    return [...this.byKey.values()];
  }
}
