import { createHash, randomUUID } from 'node:crypto';
import { withKeyLock } from '../bridge/with-key-lock.ts';
import type { FilterCondition } from '../chatwoot/types.ts';
import { ChatwootApiError } from '../errors.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { Identifier, IdentifierType } from '../messages/normalized-message.ts';
import type { MergeSuggestionRecord } from '../store/store.ts';
import { decideMatch, kindName, type MatchDecision } from './decide-match.ts';
import { followMergedContact, isGoneContact, recordGoneContact } from './follow-merged-contact.ts';
import { mergeContactPair, type IdentityDeps } from './merge-contact-pair.ts';
import { identifierKey, normalizeIdentifiers } from './normalize-identifier.ts';
import { readApiContactIdentity } from './read-chatwoot-identity.ts';

/** What one message or contact event told about a contact. */
export interface ReconcileInput {
  contactId: number;
  /** Raw or normalised; they are normalised with the installation's default region. */
  identifiers: readonly Identifier[];
  /** The conversation the customer is active in (merge notes and conflict flags go there). */
  conversationId?: number;
  /** What delivered the facts, for the audit log (`message_created`, `bridge:slack`, …). */
  trigger: string;
}

export interface ReconcileResult {
  /** The contact after any merges (the base when this contact was merged into an older one). */
  contactId: number;
  merged: Array<{
    baseContactId: number;
    mergeeContactId: number;
    identifier: { type: IdentifierType; value: string };
  }>;
  /** Suggestions created by this call (conflict flags included). */
  suggestions: MergeSuggestionRecord[];
}

/** Contact attributes Chatwoot can be searched by, per identifier kind. */
const CHATWOOT_ATTRIBUTE: Partial<Record<IdentifierType, string>> = {
  email: 'email',
  phone: 'phone_number',
  external_id: 'identifier',
};
/** Contacts looked at per Chatwoot search; more holders of one identifier means something else is wrong. */
const MAX_LOOKUP_HITS = 5;

/**
 * Records what is known about a contact and acts on every other contact
 * holding one of the same identifiers, following the merge policy
 * (`decideMatch`): merge when both hold it verified, suggest when a claim is
 * involved, flag conflicts, leave dismissed pairs alone.
 *
 * All identifiers are recorded first; then each is matched under a
 * store-wide lock on (installation, identifier), re-reading everything after
 * acquiring it, so two channels of one new customer arriving at the same
 * moment are matched one after the other: whichever matches first finds both
 * and merges, the other finds one contact. The first time a contact is
 * seen with an email, phone or site identifier, Chatwoot is searched for
 * contacts carrying it that Omniloom has not seen yet (contacts from before
 * the installation, events still in flight).
 */
export async function reconcileContactIdentity(
  deps: IdentityDeps,
  installation: InstallationContext,
  input: ReconcileInput,
): Promise<ReconcileResult> {
  const { store } = deps;
  const installationId = installation.record.id;
  const region = installation.settings.identity.defaultRegion;
  // Verified facts first: merges settle which contact the claims belong to.
  const identifiers = normalizeIdentifiers(input.identifiers, region).sort(
    (a, b) => Number(b.verified) - Number(a.verified) || identifierKey(a).localeCompare(identifierKey(b)),
  );
  const result: ReconcileResult = { contactId: input.contactId, merged: [], suggestions: [] };
  result.contactId = await followMergedContact(store.kv, installationId, input.contactId);
  if (result.contactId !== input.contactId) {
    // A thread link written while the merge ran can still name the old contact.
    await store.threads.reassignContact(installationId, input.contactId, result.contactId);
  }

  // Everything is recorded before anything is compared: a conflict shows only with the whole picture
  // (the second verified phone must be on the contact before its shared email is matched).
  const added: Identifier[] = [];
  for (const identifier of identifiers) {
    if (await store.identities.add({ installationId, contactId: result.contactId, ...identifier })) {
      added.push(identifier);
    }
  }
  const current = await followMergedContact(store.kv, installationId, result.contactId);
  if (current !== result.contactId) {
    // Merged away while recording: bring what was just written along.
    await store.identities.reassignContact(installationId, result.contactId, current);
    result.contactId = current;
  }
  for (const identifier of added) {
    if (CHATWOOT_ATTRIBUTE[identifier.type]) {
      await importChatwootHolders(deps, installation, identifier, result.contactId);
    }
  }

  for (const identifier of identifiers) {
    await withKeyLock(store.idempotency, lockKey(installationId, identifier), async () => {
      await actOnHolders(deps, installation, input, identifier, result);
    });
  }
  return result;
}

/** The lock of one identifier; hashed so lock rows never hold an address or number. */
function lockKey(installationId: string, identifier: Identifier): string {
  const digest = createHash('sha256').update(identifierKey(identifier)).digest('hex').slice(0, 32);
  return `identity:${installationId}:${digest}`;
}

async function actOnHolders(
  deps: IdentityDeps,
  installation: InstallationContext,
  input: ReconcileInput,
  identifier: Identifier,
  result: ReconcileResult,
): Promise<void> {
  const { store } = deps;
  const installationId = installation.record.id;
  const holders = await store.identities.findByValue(installationId, identifier.type, identifier.value);
  const others = new Set<number>();
  for (const holder of holders)
    others.add(await followMergedContact(store.kv, installationId, holder.contactId));

  for (const candidate of others) {
    const contactId = await followMergedContact(store.kv, installationId, result.contactId);
    const otherId = await followMergedContact(store.kv, installationId, candidate);
    if (otherId === contactId || (await isGoneContact(store.kv, installationId, otherId))) continue;
    const pairSuggestions = (await store.mergeSuggestions.listForContact(installationId, contactId)).filter(
      (suggestion) => suggestion.contactId === otherId || suggestion.otherContactId === otherId,
    );
    const decision = decideMatch({
      identifier,
      mine: await store.identities.listForContact(installationId, contactId),
      theirs: await store.identities.listForContact(installationId, otherId),
      autoMerge: installation.settings.identity.autoMerge,
      pairDismissed: pairSuggestions.some((suggestion) => suggestion.status === 'dismissed'),
    });
    if (decision.action === 'merge') {
      const outcome = await mergeContactPair(deps, installation, {
        contactId,
        otherContactId: otherId,
        reason: decision.reason,
        actor: 'system',
        trigger: `auto:${input.trigger}`,
        identifier: { type: identifier.type, value: identifier.value },
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      });
      if (outcome.merged) {
        result.merged.push({
          baseContactId: outcome.baseContactId,
          mergeeContactId: outcome.mergeeContactId,
          identifier: { type: identifier.type, value: identifier.value },
        });
      }
      result.contactId = await followMergedContact(store.kv, installationId, contactId);
    } else if (decision.action === 'suggest') {
      const known = pairSuggestions.some(
        (suggestion) =>
          suggestion.identifier.type === identifier.type && suggestion.identifier.value === identifier.value,
      );
      if (known) continue;
      const created = await suggest(deps, installation, input, contactId, otherId, identifier, decision);
      if (created) result.suggestions.push(created);
    }
  }
}

async function suggest(
  deps: IdentityDeps,
  installation: InstallationContext,
  input: ReconcileInput,
  contactId: number,
  otherId: number,
  identifier: Identifier,
  decision: Extract<MatchDecision, { action: 'suggest' }>,
): Promise<MergeSuggestionRecord | undefined> {
  const { store, logger } = deps;
  const installationId = installation.record.id;
  if (!(await contactExists(installation, otherId))) {
    await recordGoneContact(store.kv, installationId, otherId);
    return undefined;
  }
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const { record, created } = await store.mergeSuggestions.createIfAbsent({
    id: randomUUID(),
    installationId,
    contactId,
    otherContactId: otherId,
    identifier: { type: identifier.type, value: identifier.value },
    reason: decision.reason,
    status: 'pending',
    createdAt: now,
  });
  if (!created) return undefined;
  logger.info(
    { installationId, contactId, otherContactId: otherId, conflict: decision.conflict },
    'suggested a contact merge',
  );
  if (!decision.conflict) return record;

  await store.audit.append({
    id: `identity-conflict:${record.id}`,
    installationId,
    actor: 'system',
    action: 'identity.conflict_flagged',
    subject: `contact:${contactId}`,
    reason: decision.reason,
    data: {
      contactId,
      otherContactId: otherId,
      identifier: record.identifier,
      suggestionId: record.id,
      trigger: input.trigger,
    },
    at: now,
  });
  if (input.conversationId) {
    const content =
      `Possible identity conflict with contact #${otherId}: ${decision.reason.replace(/^Conflict: /, '')}. ` +
      `Not merged; review it in Omniloom's contact panel.`;
    await installation.chatwoot
      .createMessage(input.conversationId, { content, message_type: 'outgoing', private: true })
      .catch((error: unknown) =>
        logger.warn({ err: error, installationId }, 'could not post the identity-conflict note'),
      );
  }
  return record;
}

async function contactExists(installation: InstallationContext, contactId: number): Promise<boolean> {
  try {
    await installation.chatwoot.getContact(contactId);
    return true;
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return false;
    throw error;
  }
}

/**
 * Contacts in Chatwoot carrying this email, phone or site identifier that the
 * identity graph does not know with it yet: their inbox addresses and
 * attributes are recorded so the holders below include them.
 */
async function importChatwootHolders(
  deps: IdentityDeps,
  installation: InstallationContext,
  identifier: Identifier,
  selfId: number,
): Promise<void> {
  const { store, logger } = deps;
  const installationId = installation.record.id;
  const attribute = CHATWOOT_ATTRIBUTE[identifier.type];
  if (!attribute) return;
  const condition: FilterCondition = {
    attribute_key: attribute,
    filter_operator: 'equal_to',
    values: [identifier.value],
  };
  let hits;
  try {
    hits = (await installation.chatwoot.filterContacts([condition])).contacts.slice(0, MAX_LOOKUP_HITS);
  } catch (error) {
    // The search only widens what is already known; failing it must not block the customer's own records.
    logger.warn(
      { err: error, installationId, kind: kindName(identifier.type) },
      'Chatwoot contact search failed',
    );
    return;
  }
  const known = new Set(
    (await store.identities.findByValue(installationId, identifier.type, identifier.value)).map(
      (record) => record.contactId,
    ),
  );
  for (const hit of hits) {
    if (hit.id === selfId || known.has(hit.id)) continue;
    if ((await followMergedContact(store.kv, installationId, hit.id)) !== hit.id) continue;
    let full;
    try {
      full = await installation.chatwoot.getContact(hit.id);
    } catch (error) {
      if (error instanceof ChatwootApiError && error.status === 404) continue;
      throw error;
    }
    const region = installation.settings.identity.defaultRegion;
    for (const found of readApiContactIdentity(full as unknown as Record<string, unknown>, region)) {
      await store.identities.add({ installationId, contactId: hit.id, ...found });
    }
  }
}
