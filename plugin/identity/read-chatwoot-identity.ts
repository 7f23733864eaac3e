import {
  identifyChatwootContact,
  type ChatwootChannelType,
  type ChatwootContactFacts,
} from '../channels/identity/identify-chatwoot-contact.ts';
import { normalizeEmail } from '../channels/identity/normalize-email.ts';
import { normalizePhone, type CountryCode } from '../channels/identity/normalize-phone.ts';
import type { Identifier } from '../messages/normalized-message.ts';
import { extractClaimedIdentifiers } from './extract-claimed-identifiers.ts';
import { normalizeIdentifiers } from './normalize-identifier.ts';

/** Source of a contact's email/phone when the site's server proved the visitor's identity with the inbox HMAC. */
export const HMAC_CONTACT_SOURCE = 'chatwoot:hmac_verified_contact';
/** Source of a phone number shared as a contact card (Chatwoot keeps no proof of whose card it is). */
export const CONTACT_CARD_SOURCE = 'chatwoot:contact_card';

/** What one Chatwoot event says about who a contact is. */
export interface ChatwootIdentityFacts {
  contactId: number;
  identifiers: Identifier[];
  /** The conversation the event happened in, when there is one (merge notes go there). */
  conversationId?: number;
  inboxId?: number;
  channelType?: string;
}

type Json = Record<string, unknown>;

const KNOWN_CHANNEL_TYPES: ReadonlySet<string> = new Set<ChatwootChannelType>([
  'Channel::WebWidget',
  'Channel::Whatsapp',
  'Channel::FacebookPage',
  'Channel::Instagram',
  'Channel::Telegram',
  'Channel::Line',
  'Channel::Sms',
  'Channel::TwilioSms',
  'Channel::Email',
  'Channel::Api',
]);

function record(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function positiveInt(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function contactFields(contact: Json | undefined): ChatwootContactFacts['contact'] {
  if (!contact) return null;
  return {
    email: text(contact.email) ?? null,
    phone_number: text(contact.phone_number) ?? null,
    identifier: text(contact.identifier) ?? null,
  };
}

/**
 * The identifiers of a contact as one inbox presents it, verified only where
 * the channel vouches (see `identifyChatwootContact`). In a web-widget or API
 * inbox whose contact_inbox is `hmac_verified`, the site's server has proven
 * who the visitor is and set their email/phone with that proof, so those
 * count as verified too; Chatwoot's own `ContactIdentifyAction` merges on them
 * the same way.
 */
export function identifyInInbox(
  channelType: string | undefined,
  facts: ChatwootContactFacts,
  defaultRegion?: string,
): Identifier[] {
  const type = (
    channelType && KNOWN_CHANNEL_TYPES.has(channelType) ? channelType : 'Channel::Api'
  ) as ChatwootChannelType;
  const region = defaultRegion as CountryCode | undefined;
  const identifiers = identifyChatwootContact(type, facts, { defaultRegion: region });
  const hmacChannel = type === 'Channel::WebWidget' || type === 'Channel::Api';
  if (hmacChannel && facts.hmacVerified === true && facts.contact) {
    const email = normalizeEmail(facts.contact.email);
    const phone = normalizePhone(facts.contact.phone_number, region);
    if (email) identifiers.push({ type: 'email', value: email, verified: true, source: HMAC_CONTACT_SOURCE });
    if (phone) identifiers.push({ type: 'phone', value: phone, verified: true, source: HMAC_CONTACT_SOURCE });
  }
  return normalizeIdentifiers(identifiers, defaultRegion);
}

/**
 * Identity facts of a `message_created` webhook: only for a customer's
 * message (`incoming`, not private). The conversation says which inbox and
 * channel the contact wrote through, its `contact_inbox.source_id` (the
 * sender's address there) and `meta.hmac_verified`; the message text and
 * shared contact cards add claims.
 */
export function readMessageIdentity(
  payload: Json,
  defaultRegion?: string,
): ChatwootIdentityFacts | undefined {
  if (payload.message_type !== 'incoming' && payload.message_type !== 0) return undefined;
  if (payload.private === true) return undefined;
  const conversation = record(payload.conversation);
  const meta = record(conversation?.meta);
  const contactInbox = record(conversation?.contact_inbox);
  const sender = record(payload.sender);
  const metaSender = record(meta?.sender);
  const contactId =
    positiveInt(sender?.id) ?? positiveInt(metaSender?.id) ?? positiveInt(contactInbox?.contact_id);
  if (!contactId) return undefined;
  const channelType = text(conversation?.channel);
  const hmacVerified =
    typeof meta?.hmac_verified === 'boolean'
      ? meta.hmac_verified
      : typeof contactInbox?.hmac_verified === 'boolean'
        ? contactInbox.hmac_verified
        : null;
  const identifiers = identifyInInbox(
    channelType,
    {
      contact: contactFields(sender ?? metaSender),
      sourceId: text(contactInbox?.source_id) ?? null,
      hmacVerified,
      conversationType: text(record(conversation?.additional_attributes)?.type) ?? null,
    },
    defaultRegion,
  );
  identifiers.push(...extractClaimedIdentifiers(text(payload.content) ?? '', { defaultRegion }));
  identifiers.push(...contactCards(payload.attachments, defaultRegion));
  return {
    contactId,
    identifiers: normalizeIdentifiers(identifiers, defaultRegion),
    ...(positiveInt(conversation?.id) ? { conversationId: positiveInt(conversation?.id) } : {}),
    ...(positiveInt(conversation?.inbox_id ?? record(payload.inbox)?.id)
      ? { inboxId: positiveInt(conversation?.inbox_id ?? record(payload.inbox)?.id) }
      : {}),
    ...(channelType ? { channelType } : {}),
  };
}

/**
 * Identity facts of `contact_created` / `contact_updated`: the attributes
 * anyone can edit (pre-chat form, agents, the API), so every value is a claim.
 */
export function readContactIdentity(
  payload: Json,
  defaultRegion?: string,
): ChatwootIdentityFacts | undefined {
  const contactId = positiveInt(payload.id);
  if (!contactId) return undefined;
  const fields = contactFields(payload) ?? {};
  const claims: Identifier[] = [];
  if (fields.email)
    claims.push({ type: 'email', value: fields.email, verified: false, source: 'chatwoot:contact.email' });
  if (fields.phone_number) {
    claims.push({
      type: 'phone',
      value: fields.phone_number,
      verified: false,
      source: 'chatwoot:contact.phone_number',
    });
  }
  if (fields.identifier) {
    claims.push({
      type: 'external_id',
      value: fields.identifier,
      verified: false,
      source: 'chatwoot:contact.identifier',
    });
  }
  return { contactId, identifiers: normalizeIdentifiers(claims, defaultRegion) };
}

/**
 * Phone numbers of contact cards in a message. Chatwoot stores the card's
 * number and names but not whose card it is (Telegram's `user_id` is
 * dropped), so a card is a claim: sharing a friend's card must not merge.
 */
function contactCards(attachments: unknown, defaultRegion?: string): Identifier[] {
  if (!Array.isArray(attachments)) return [];
  const cards: Identifier[] = [];
  for (const item of attachments) {
    const attachment = record(item);
    if (attachment?.file_type !== 'contact') continue;
    const phone = normalizePhone(text(attachment.fallback_title), defaultRegion as CountryCode | undefined);
    if (phone) cards.push({ type: 'phone', value: phone, verified: false, source: CONTACT_CARD_SOURCE });
  }
  return cards;
}

/**
 * The identifiers of a contact as the contacts API returns it (with
 * `contact_inboxes`): each inbox address read by its channel's rules, plus the
 * contact's attributes as claims. The API does not say which addresses were
 * HMAC-verified, so a widget identifier read this way stays a claim.
 */
export function readApiContactIdentity(contact: Json, defaultRegion?: string): Identifier[] {
  const fields = contactFields(contact);
  const identifiers: Identifier[] = [...(readContactIdentity(contact, defaultRegion)?.identifiers ?? [])];
  const inboxes = Array.isArray(contact.contact_inboxes) ? contact.contact_inboxes : [];
  for (const item of inboxes) {
    const row = record(item);
    const channelType = text(record(row?.inbox)?.channel_type);
    if (!row || !channelType || channelType === 'Channel::Api' || channelType === 'Channel::WebWidget')
      continue;
    identifiers.push(
      ...identifyInInbox(
        channelType,
        { contact: fields, sourceId: text(row.source_id) ?? null },
        defaultRegion,
      ),
    );
  }
  return normalizeIdentifiers(identifiers, defaultRegion);
}
