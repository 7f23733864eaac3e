import type { ChangeSet } from '../events/record-events.ts';
import type { ContactRecord } from '../state/records.ts';
import { RecordInvalidError } from './errors.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { sameValue, snapshot } from './track-changes.ts';

/** Contact attributes a create or update can set, named like Chatwoot's columns. */
export interface ContactChanges {
  name?: string | null;
  email?: string | null;
  phone_number?: string | null;
  identifier?: string | null;
  blocked?: boolean;
  additional_attributes?: Record<string, unknown> | null;
  custom_attributes?: Record<string, unknown> | null;
  last_activity_at?: Date | null;
}

const FIELD: Record<keyof ContactChanges, keyof ContactRecord> = {
  name: 'name',
  email: 'email',
  phone_number: 'phoneNumber',
  identifier: 'identifier',
  blocked: 'blocked',
  additional_attributes: 'additionalAttributes',
  custom_attributes: 'customAttributes',
  last_activity_at: 'lastActivityAt',
};

/** `Devise.email_regexp`. */
const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+$/;
/** Chatwoot's phone validation; note it is only anchored at the end (`/\+[1-9]\d{1,14}\z/`). */
const PHONE_FORMAT = /\+[1-9]\d{1,14}$/;

/**
 * Create a contact with the model's normalisation and validations (`app/models/contact.rb`) and emit
 * contact_created.
 */
export function createContact(
  context: SandboxContext,
  accountId: number,
  attributes: ContactChanges,
): ContactRecord {
  const { state } = context;
  const now = context.now();
  const draft: ContactRecord = {
    id: 0,
    accountId,
    name: '',
    email: null,
    phoneNumber: null,
    identifier: null,
    blocked: false,
    additionalAttributes: {},
    customAttributes: {},
    contactType: 'visitor',
    labels: [],
    lastActivityAt: null,
    createdAt: now,
    updatedAt: now,
  };
  applyChanges(draft, normalise(attributes));
  validate(context, draft);
  syncContactType(draft);
  draft.id = state.nextId('contacts');
  state.contacts.set(draft.id, draft);
  context.events.record({ name: 'contact_created', contactId: draft.id });
  return draft;
}

/**
 * Update a contact: normalise, validate, save and emit contact_updated with `changed_attributes` when
 * something changed. Returns the change set.
 */
export function saveContact(
  context: SandboxContext,
  contact: ContactRecord,
  changes: ContactChanges,
): ChangeSet {
  const draft: ContactRecord = { ...contact };
  const applied = applyChanges(draft, normalise(changes));
  if (applied.length === 0) return [];
  validate(context, draft);
  syncContactType(draft);
  Object.assign(contact, draft);
  const previousUpdatedAt = contact.updatedAt;
  contact.updatedAt = context.now();
  applied.push(['updated_at', [previousUpdatedAt, contact.updatedAt]]);
  context.events.record({ name: 'contact_updated', contactId: contact.id, changes: applied });
  return applied;
}

/** `prepare_email_attribute` and `prepare_jsonb_attributes`. */
function normalise(changes: ContactChanges): ContactChanges {
  const result: ContactChanges = { ...changes };
  if ('email' in changes) result.email = changes.email ? changes.email.toLowerCase() : null;
  if ('additional_attributes' in changes && !changes.additional_attributes) result.additional_attributes = {};
  if ('custom_attributes' in changes && !changes.custom_attributes) result.custom_attributes = {};
  if ('name' in changes && changes.name === null) result.name = '';
  return result;
}

function applyChanges(contact: ContactRecord, changes: ContactChanges): ChangeSet {
  const applied: ChangeSet = [];
  for (const [key, value] of Object.entries(changes) as Array<[keyof ContactChanges, unknown]>) {
    if (value === undefined) continue;
    const field = FIELD[key];
    if (sameValue(contact[field], value)) continue;
    applied.push([key, [snapshot(contact[field]), snapshot(value)]]);
    (contact as unknown as Record<string, unknown>)[field] = snapshot(value);
  }
  return applied;
}

function validate(context: SandboxContext, contact: ContactRecord): void {
  const problems: Array<[string, string]> = [];
  const others = [...context.state.contacts.values()].filter(
    (other) => other.accountId === contact.accountId && other.id !== contact.id,
  );
  if (contact.email) {
    if (!EMAIL_FORMAT.test(contact.email)) problems.push(['email', 'Invalid email']);
    const email = contact.email.toLowerCase();
    if (others.some((other) => other.email?.toLowerCase() === email))
      problems.push(['email', 'has already been taken']);
  }
  if (contact.identifier && others.some((other) => other.identifier === contact.identifier)) {
    problems.push(['identifier', 'has already been taken']);
  }
  if (contact.phoneNumber) {
    if (others.some((other) => other.phoneNumber === contact.phoneNumber)) {
      problems.push(['phone_number', 'has already been taken']);
    }
    if (!PHONE_FORMAT.test(contact.phoneNumber)) problems.push(['phone_number', 'should be in e164 format']);
  }
  if (problems.length > 0) throw new RecordInvalidError(problems);
}

/** `Contacts::SyncAttributes#set_contact_type`: a visitor with email, phone or social details becomes a lead. */
function syncContactType(contact: ContactRecord): void {
  if (contact.contactType !== 'visitor') return;
  const social = Object.entries(contact.additionalAttributes).some(
    ([key, value]) => key.startsWith('social_') && value,
  );
  if (contact.email || contact.phoneNumber || social) contact.contactType = 'lead';
}

/**
 * `Contact#discard_invalid_attrs`: keep the previous email / phone number when the new one is
 * malformed (used by widget identification).
 */
export function discardInvalidAttributes(contact: ContactRecord, changes: ContactChanges): ContactChanges {
  const result = { ...changes };
  if (result.phone_number && !PHONE_FORMAT.test(result.phone_number))
    result.phone_number = contact.phoneNumber;
  if (result.email && !EMAIL_FORMAT.test(result.email)) result.email = contact.email;
  return result;
}
