import type { ContactRecord } from '../state/records.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { type ContactChanges, saveContact } from './save-contact.ts';
import { saveConversation } from './save-conversation.ts';

type Mergeable = Pick<
  ContactChanges,
  'identifier' | 'name' | 'email' | 'phone_number' | 'additional_attributes' | 'custom_attributes'
>;

function isBlank(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** `attributes.slice(*mergable_attribute_keys).compact_blank`. */
function mergeableAttributes(contact: ContactRecord): Mergeable {
  const all: Mergeable = {
    identifier: contact.identifier,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phoneNumber,
    additional_attributes: contact.additionalAttributes,
    custom_attributes: contact.customAttributes,
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => !isBlank(value))) as Mergeable;
}

/** ActiveSupport's `Hash#deep_merge`: nested hashes merge, otherwise the right side wins. */
function deepMerge(left: Record<string, unknown>, right: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = result[key];
    const bothHashes =
      current &&
      value &&
      typeof current === 'object' &&
      typeof value === 'object' &&
      !Array.isArray(current) &&
      !Array.isArray(value);
    result[key] = bothHashes
      ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return result;
}

/**
 * `ContactMergeAction#perform`: the base contact survives. The mergee's conversations, the messages it
 * sent and its contact inboxes move to the base, the mergee is deleted, then the base takes the
 * mergee's values only where its own are blank (hashes deep-merged, base wins per key). Moving
 * messages saves each one, so message_updated is emitted for them; contact_updated follows when the
 * base changed.
 */
export function mergeContacts(
  context: SandboxContext,
  base: ContactRecord,
  mergee: ContactRecord,
): ContactRecord {
  if (base.id === mergee.id) return base;
  const { state } = context;
  for (const conversation of [...state.conversations.values()]) {
    if (conversation.contactId === mergee.id)
      saveConversation(context, conversation, { contact_id: base.id });
  }
  for (const message of state.messages.values()) {
    if (message.sender?.type !== 'Contact' || message.sender.id !== mergee.id) continue;
    message.sender = { type: 'Contact', id: base.id };
    message.updatedAt = context.now();
    context.events.record({ name: 'message_updated', messageId: message.id });
  }
  for (const row of state.contactInboxes.values()) {
    if (row.contactId === mergee.id) row.contactId = base.id;
  }
  const merged = deepMerge(
    mergeableAttributes(mergee) as Record<string, unknown>,
    mergeableAttributes(base) as Record<string, unknown>,
  ) as Mergeable;
  state.contacts.delete(mergee.id);
  saveContact(context, base, merged);
  return base;
}
