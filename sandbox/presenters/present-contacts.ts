import type { ContactInboxRecord, ContactRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { isoTime, unixSeconds } from './format-time.ts';
import { presentInboxSlim, presentInboxWebhookData } from './present-inboxes.ts';

/**
 * `app/views/api/v1/models/_contact.json.jbuilder`; `contact_inboxes` only on the /contacts endpoints
 * (`with_contact_inboxes`).
 */
export function presentContact(
  state: SandboxState,
  contact: ContactRecord,
  withContactInboxes = false,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    additional_attributes: contact.additionalAttributes,
    availability_status: 'offline',
    email: contact.email,
    id: contact.id,
    name: contact.name,
    phone_number: contact.phoneNumber,
    blocked: contact.blocked,
    identifier: contact.identifier,
    thumbnail: '',
    custom_attributes: contact.customAttributes,
  };
  if (contact.lastActivityAt) json.last_activity_at = unixSeconds(contact.lastActivityAt);
  json.created_at = unixSeconds(contact.createdAt);
  if (withContactInboxes) {
    json.contact_inboxes = state
      .contactInboxesOf(contact.id)
      .map((row) => presentContactInbox(state, row))
      .filter((row): row is Record<string, unknown> => row !== null);
  }
  return json;
}

/** `app/views/api/v1/models/_contact_inbox.json.jbuilder`: `{ source_id, inbox: slim inbox }`. */
export function presentContactInbox(
  state: SandboxState,
  row: ContactInboxRecord,
): Record<string, unknown> | null {
  const inbox = state.inboxes.get(row.inboxId);
  if (!inbox) return null;
  return { source_id: row.sourceId, inbox: presentInboxSlim(inbox) };
}

/** `Contact#push_event_data` (conversation meta sender, message sender in push data). */
export function presentContactPushData(contact: ContactRecord): Record<string, unknown> {
  return {
    additional_attributes: contact.additionalAttributes,
    custom_attributes: contact.customAttributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phoneNumber,
    thumbnail: '',
    blocked: contact.blocked,
    type: 'contact',
  };
}

/** `Contact#webhook_data` (contact events, message sender in webhooks: note there is no `type`). */
export function presentContactWebhookData(
  state: SandboxState,
  contact: ContactRecord,
): Record<string, unknown> {
  const account = state.accounts.get(contact.accountId);
  return {
    account: { id: contact.accountId, name: account?.name ?? '' },
    additional_attributes: contact.additionalAttributes,
    avatar: '',
    custom_attributes: contact.customAttributes,
    email: contact.email,
    id: contact.id,
    identifier: contact.identifier,
    name: contact.name,
    phone_number: contact.phoneNumber,
    thumbnail: '',
    blocked: contact.blocked,
  };
}

/** The raw `contact_inboxes` row as Rails serialises a record (conversation push data `contact_inbox`). */
export function presentContactInboxRow(row: ContactInboxRecord): Record<string, unknown> {
  return {
    id: row.id,
    contact_id: row.contactId,
    inbox_id: row.inboxId,
    source_id: row.sourceId,
    created_at: isoTime(row.createdAt),
    updated_at: isoTime(row.updatedAt),
    hmac_verified: row.hmacVerified,
    pubsub_token: row.pubsubToken,
  };
}

/** `ContactInbox#webhook_data` (root of webwidget_triggered, without event_info). */
export function presentContactInboxWebhookData(
  state: SandboxState,
  row: ContactInboxRecord,
  currentConversation: Record<string, unknown> | null,
): Record<string, unknown> {
  const contact = state.contacts.get(row.contactId);
  const inbox = state.inboxes.get(row.inboxId);
  const account = inbox ? state.accounts.get(inbox.accountId) : undefined;
  return {
    id: row.id,
    contact: contact ? presentContactWebhookData(state, contact) : null,
    inbox: inbox ? presentInboxWebhookData(inbox) : null,
    account: { id: account?.id ?? null, name: account?.name ?? '' },
    current_conversation: currentConversation,
    source_id: row.sourceId,
  };
}
