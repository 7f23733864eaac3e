import { generateHaikuName, generateSecureToken, generateUuid } from '../state/generate-tokens.ts';
import type { ContactInboxRecord, ContactRecord, InboxRecord } from '../state/records.ts';
import { SandboxHttpError, UnprocessableError } from './errors.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { type ContactChanges, createContact } from './save-contact.ts';

/**
 * The source id Chatwoot generates for a contact in an inbox when none is given
 * (`ContactInboxBuilder#generate_source_id`).
 */
function generateSourceId(inbox: InboxRecord, contact: ContactRecord): string {
  switch (inbox.channel.type) {
    case 'Channel::TwilioSms':
      if (!contact.phoneNumber)
        throw new UnprocessableError('param is missing or the value is empty: contact phone number');
      return inbox.channel.medium === 'whatsapp' ? `whatsapp:${contact.phoneNumber}` : contact.phoneNumber;
    case 'Channel::Whatsapp':
      if (!contact.phoneNumber)
        throw new UnprocessableError('param is missing or the value is empty: contact phone number');
      return contact.phoneNumber.replace(/\+/g, '');
    case 'Channel::Email':
      if (!contact.email)
        throw new UnprocessableError('param is missing or the value is empty: contact email');
      return contact.email;
    case 'Channel::Sms':
      if (!contact.phoneNumber)
        throw new UnprocessableError('param is missing or the value is empty: contact phone number');
      return contact.phoneNumber;
    case 'Channel::Api':
    case 'Channel::WebWidget':
      return generateUuid();
    default:
      throw new SandboxHttpError(500, {
        error: `Unsupported operation for this channel: ${inbox.channel.type}`,
      });
  }
}

/** Source ids can be taken over from another contact in these channels (`ContactInboxBuilder#allowed_channels?`). */
const REASSIGNABLE = new Set(['Channel::Email', 'Channel::Sms', 'Channel::TwilioSms', 'Channel::Whatsapp']);

/** Thrown when `(inbox_id, source_id)` already belongs to another contact (`ActiveRecord::RecordNotUnique`). */
export class SourceIdTakenError extends Error {}

/**
 * `ContactInboxBuilder#perform`: find or create the contact's contact inbox with this source id
 * (generated per channel when absent). When the source id belongs to another contact, phone and
 * email channels move the old row to a new random source id; others raise {@link SourceIdTakenError}.
 */
export function buildContactInbox(
  context: SandboxContext,
  contact: ContactRecord,
  inbox: InboxRecord,
  sourceId: string | null | undefined,
  hmacVerified = false,
): ContactInboxRecord {
  const { state } = context;
  const wanted = sourceId || generateSourceId(inbox, contact);
  const rows = [...state.contactInboxes.values()].filter(
    (row) => row.inboxId === inbox.id && row.sourceId === wanted,
  );
  const own = rows.find((row) => row.contactId === contact.id);
  if (own) return own;
  const taken = rows[0];
  if (taken) {
    if (!REASSIGNABLE.has(inbox.channel.type)) throw new SourceIdTakenError(wanted);
    taken.sourceId = ['Channel::Whatsapp', 'Channel::Sms', 'Channel::TwilioSms'].includes(inbox.channel.type)
      ? `whatsapp:${wanted}${Math.floor(Math.random() * 100)}`
      : `${Math.floor(Math.random() * 10)}${wanted}`;
  }
  const now = context.now();
  const row: ContactInboxRecord = {
    id: state.nextId('contactInboxes'),
    contactId: contact.id,
    inboxId: inbox.id,
    sourceId: wanted,
    hmacVerified,
    pubsubToken: generateSecureToken(),
    createdAt: now,
    updatedAt: now,
  };
  state.contactInboxes.set(row.id, row);
  return row;
}

/** Contact attributes a channel knows about the sender (`ContactInboxWithContactBuilder` `contact_attributes`). */
export interface SenderAttributes {
  name?: string | null;
  email?: string | null;
  phone_number?: string | null;
  identifier?: string | null;
  additional_attributes?: Record<string, unknown>;
  custom_attributes?: Record<string, unknown>;
}

/**
 * `ContactInboxWithContactBuilder#perform`: the contact inbox with this source id if it exists; else
 * the account's contact found by identifier, then email, then phone number (then, for Instagram, a
 * Facebook contact inbox with the same source id), or a new contact, linked with a new contact inbox.
 */
export function buildContactInboxWithContact(
  context: SandboxContext,
  inbox: InboxRecord,
  sourceId: string | null | undefined,
  attributes: SenderAttributes,
  hmacVerified = false,
): ContactInboxRecord {
  const { state } = context;
  if (sourceId) {
    const existing = [...state.contactInboxes.values()].find(
      (row) => row.inboxId === inbox.id && row.sourceId === sourceId,
    );
    if (existing) return existing;
  }
  const accountContacts = [...state.contacts.values()].filter(
    (contact) => contact.accountId === inbox.accountId,
  );
  let contact =
    (attributes.identifier
      ? accountContacts.find((c) => c.identifier === attributes.identifier)
      : undefined) ??
    (attributes.email
      ? accountContacts.find((c) => c.email === attributes.email?.toLowerCase())
      : undefined) ??
    (attributes.phone_number
      ? accountContacts.find((c) => c.phoneNumber === attributes.phone_number)
      : undefined);
  if (!contact && inbox.channel.type === 'Channel::Instagram' && sourceId) {
    const facebookRow = [...state.contactInboxes.values()].find((row) => {
      const rowInbox = state.inboxes.get(row.inboxId);
      return (
        row.sourceId === sourceId &&
        rowInbox?.channel.type === 'Channel::FacebookPage' &&
        rowInbox.accountId === inbox.accountId
      );
    });
    contact = facebookRow ? state.contacts.get(facebookRow.contactId) : undefined;
  }
  if (!contact) {
    const changes: ContactChanges = {
      name: attributes.name ?? generateHaikuName(),
      phone_number: attributes.phone_number ?? null,
      email: attributes.email ?? null,
      identifier: attributes.identifier ?? null,
      additional_attributes: attributes.additional_attributes ?? {},
      custom_attributes: attributes.custom_attributes ?? {},
    };
    contact = createContact(context, inbox.accountId, changes);
  }
  return buildContactInbox(context, contact, inbox, sourceId, hmacVerified);
}
