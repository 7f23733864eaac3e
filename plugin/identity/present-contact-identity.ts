import type { IdentifierType } from '../messages/normalized-message.ts';
import type { Store } from '../store/store.ts';
import { CONFLICT_PREFIX } from './decide-match.ts';
import { followMergedContact } from './follow-merged-contact.ts';

/** What the dashboard extension and admins see about one contact's identity. */
export interface ContactIdentityView {
  /** The Chatwoot contact id (the surviving one when the id asked for was merged away). */
  contactId: number;
  /** Set when the id asked for was merged into `contactId`. */
  mergedFrom?: number;
  identifiers: Array<{ type: IdentifierType; value: string; verified: boolean; source: string | null }>;
  /** Pending merge suggestions; `conflict` marks flagged conflicts. */
  suggestions: Array<{
    id: string;
    otherContactId: number;
    identifier: { type: IdentifierType; value: string };
    reason: string;
    conflict: boolean;
    createdAt: string;
  }>;
}

/** The identity graph of one contact: its identifiers with provenance and its pending merge suggestions. */
export async function presentContactIdentity(
  store: Pick<Store, 'kv' | 'identities' | 'mergeSuggestions'>,
  installationId: string,
  contactId: number,
): Promise<ContactIdentityView> {
  const resolved = await followMergedContact(store.kv, installationId, contactId);
  const identifiers = await store.identities.listForContact(installationId, resolved);
  const suggestions: ContactIdentityView['suggestions'] = [];
  for (const suggestion of await store.mergeSuggestions.listForContact(installationId, resolved, 'pending')) {
    const otherId = suggestion.contactId === resolved ? suggestion.otherContactId : suggestion.contactId;
    const other = await followMergedContact(store.kv, installationId, otherId);
    if (other === resolved) continue;
    suggestions.push({
      id: suggestion.id,
      otherContactId: other,
      identifier: suggestion.identifier,
      reason: suggestion.reason,
      conflict: suggestion.reason.startsWith(CONFLICT_PREFIX),
      createdAt: suggestion.createdAt,
    });
  }
  return {
    contactId: resolved,
    ...(resolved !== contactId ? { mergedFrom: contactId } : {}),
    identifiers: identifiers.map((identifier) => ({
      type: identifier.type,
      value: identifier.value,
      verified: identifier.verified,
      source: identifier.source ?? null,
    })),
    suggestions,
  };
}
