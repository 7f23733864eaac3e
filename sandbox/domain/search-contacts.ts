import type { ContactRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { resolvedContacts } from './filter-records.ts';

/** SQL LIKE / ILIKE: `%` matches any run of characters, `_` one character. */
export function likeMatch(
  value: string | null | undefined,
  pattern: string,
  caseInsensitive: boolean,
): boolean {
  if (value === null || value === undefined) return false;
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value);
}

/**
 * `ContactsController#search`: resolved contacts whose name, email, phone number or
 * `additional_attributes.company_name` match `%q%` case-insensitively (ILIKE) or whose identifier
 * matches it case-sensitively (LIKE).
 */
export function searchContacts(state: SandboxState, accountId: number, query: string): ContactRecord[] {
  const pattern = `%${query.trim()}%`;
  return resolvedContacts(state, accountId).filter(
    (contact) =>
      likeMatch(contact.name, pattern, true) ||
      likeMatch(contact.email, pattern, true) ||
      likeMatch(contact.phoneNumber, pattern, true) ||
      likeMatch(contact.identifier, pattern, false) ||
      likeMatch(
        typeof contact.additionalAttributes.company_name === 'string'
          ? contact.additionalAttributes.company_name
          : null,
        pattern,
        true,
      ),
  );
}

const SORTS: Record<string, (contact: ContactRecord) => string | number | null> = {
  name: (contact) => contact.name.toLowerCase(),
  email: (contact) => contact.email,
  phone_number: (contact) => contact.phoneNumber,
  last_activity_at: (contact) => contact.lastActivityAt?.getTime() ?? null,
  created_at: (contact) => contact.createdAt.getTime(),
  company: (contact) => (contact.additionalAttributes.company_name as string | undefined) ?? null,
  city: (contact) => (contact.additionalAttributes.city as string | undefined) ?? null,
  country: (contact) => (contact.additionalAttributes.country as string | undefined) ?? null,
};

/** The `sort` parameter of contact lists (`name`, `-name`, `last_activity_at`, ...; nulls last). */
export function sortContacts(contacts: ContactRecord[], sort: string | undefined): ContactRecord[] {
  if (!sort) return contacts;
  const descending = sort.startsWith('-');
  const read = SORTS[sort.replace(/^-/, '')];
  if (!read) return contacts;
  return [...contacts].sort((a, b) => {
    const left = read(a);
    const right = read(b);
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    const order = left < right ? -1 : 1;
    return descending ? -order : order;
  });
}
