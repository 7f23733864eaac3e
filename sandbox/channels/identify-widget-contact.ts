import { createHmac, timingSafeEqual } from 'node:crypto';
import { buildContactInboxWithContact } from '../domain/build-contact-inbox.ts';
import { SandboxHttpError } from '../domain/errors.ts';
import { mergeContacts } from '../domain/merge-contacts.ts';
import type { SandboxContext } from '../domain/sandbox-context.ts';
import { type ContactChanges, discardInvalidAttributes, saveContact } from '../domain/save-contact.ts';
import type { ContactInboxRecord, ContactRecord, InboxRecord } from '../state/records.ts';
import type { NativeSender } from './native-message-input.ts';

/** `Widget::ContactsController#valid_hmac?`: hex HMAC-SHA256 of the identifier with the inbox's hmac_token. */
export function isValidIdentifierHash(hmacToken: string, identifier: string, hash: string): boolean {
  const expected = Buffer.from(createHmac('sha256', hmacToken).update(identifier).digest('hex'));
  const given = Buffer.from(hash);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * `ContactIdentifyAction#perform`: merge the session contact into an existing contact with the same
 * identifier (else email, else phone number, never across different identifiers), then update the
 * surviving contact with the given attributes.
 */
function identifyContact(
  context: SandboxContext,
  contact: ContactRecord,
  sender: NativeSender,
  retainOriginalName: boolean,
): ContactRecord {
  const { state } = context;
  const attributes = ['identifier', 'name', 'email', 'phone_number'];
  const others = () => [...state.contacts.values()].filter((other) => other.accountId === contact.accountId);
  let current = contact;
  const mergeInto = (existing: ContactRecord | undefined, key: string): void => {
    if (!existing) return;
    if (sender.identifier && existing.identifier && existing.identifier !== sender.identifier) {
      attributes.splice(attributes.indexOf(key), 1);
      return;
    }
    if (existing.id !== current.id) current = mergeContacts(context, existing, current);
    if (retainOriginalName && attributes.includes('name')) attributes.splice(attributes.indexOf('name'), 1);
  };
  if (sender.identifier)
    mergeInto(
      others().find((other) => other.identifier === sender.identifier),
      'identifier',
    );
  if (sender.email)
    mergeInto(
      others().find((other) => other.email === sender.email?.toLowerCase()),
      'email',
    );
  if (sender.phone_number) {
    const phoneContact = others().find((other) => other.phoneNumber === sender.phone_number);
    const conflictingEmail = sender.email && phoneContact?.email && phoneContact.email !== sender.email;
    if (conflictingEmail) attributes.splice(attributes.indexOf('phone_number'), 1);
    else mergeInto(phoneContact, 'phone_number');
  }
  const changes: ContactChanges = {};
  for (const key of attributes as Array<'identifier' | 'name' | 'email' | 'phone_number'>) {
    const value = sender[key];
    if (value) changes[key] = value;
  }
  if (sender.custom_attributes && Object.keys(sender.custom_attributes).length > 0) {
    changes.custom_attributes = { ...current.customAttributes, ...sender.custom_attributes };
  }
  if (sender.additional_attributes && Object.keys(sender.additional_attributes).length > 0) {
    changes.additional_attributes = { ...current.additionalAttributes, ...sender.additional_attributes };
  }
  saveContact(context, current, discardInvalidAttributes(current, changes));
  return current;
}

/**
 * The web widget visitor flow: the session (contact inbox with a random source id, created when the
 * widget loads), then `setUser` (`Widget::ContactsController#set_user`): with an identifier hash (or
 * when the inbox makes HMAC mandatory) the hash must match → 401 "HMAC failed" otherwise; a valid hash
 * marks the contact inbox `hmac_verified`; a different identifier starts a new session; the contact is
 * then identified (merged into an existing contact with that identifier).
 */
export function identifyWidgetContact(
  context: SandboxContext,
  inbox: InboxRecord,
  sender: NativeSender,
): ContactInboxRecord {
  const { state } = context;
  const channel = inbox.channel;
  const hash = sender.identifier_hash ?? '';
  const customOnly = Boolean(
    sender.custom_attributes && Object.keys(sender.custom_attributes).length > 0 && !sender.identifier,
  );
  const mustVerify =
    Boolean(sender.identifier) && (Boolean(hash) || Boolean(channel.hmacMandatory)) && !customOnly;
  const hmacValid =
    mustVerify && isValidIdentifierHash(channel.hmacToken ?? '', String(sender.identifier ?? ''), hash);
  if (mustVerify && !hmacValid)
    throw new SandboxHttpError(401, { error: 'HMAC failed: Invalid Identifier Hash Provided' });

  const existing = sender.source_id
    ? [...state.contactInboxes.values()].find(
        (row) => row.inboxId === inbox.id && row.sourceId === sender.source_id,
      )
    : undefined;
  let session =
    existing ??
    buildContactInboxWithContact(context, inbox, sender.source_id ?? null, { additional_attributes: {} });
  const sessionContact = state.contacts.get(session.contactId);
  if (sender.identifier && sessionContact?.identifier && sessionContact.identifier !== sender.identifier) {
    session = buildContactInboxWithContact(context, inbox, null, { additional_attributes: {} });
  }
  if (hmacValid && !session.hmacVerified) {
    session.hmacVerified = true;
    session.updatedAt = context.now();
  }
  const contact = state.contacts.get(session.contactId);
  const identifies = sender.identifier || sender.email || sender.phone_number || sender.name;
  if (contact && identifies) identifyContact(context, contact, sender, !sender.identifier);
  return session;
}
