import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { withKeyLock } from '../bridge/with-key-lock.ts';
import type { ChatwootContact } from '../chatwoot/types.ts';
import { ChatwootApiError } from '../errors.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { IdentifierType } from '../messages/normalized-message.ts';
import type { Store } from '../store/store.ts';
import { followMergedContact, recordGoneContact, recordMergedContact } from './follow-merged-contact.ts';

/** What identity features need from the process. */
export interface IdentityDeps {
  store: Store;
  logger: Logger;
  now?: () => Date;
}

export interface MergeRequest {
  /** The contact being looked at (its conversation gets the note) and the contact to merge with. */
  contactId: number;
  otherContactId: number;
  /** Why, in words a support lead reads in the audit log and the private note. */
  reason: string;
  /** `system`, `admin` or `agent:<id>`. */
  actor: string;
  /** What started it: `auto:<event>` or `suggestion:<id>`. */
  trigger: string;
  identifier?: { type: IdentifierType; value: string };
  /** The conversation the customer is active in; the private note goes there. */
  conversationId?: number;
}

export type MergeOutcome =
  | { merged: true; baseContactId: number; mergeeContactId: number }
  | { merged: false; contactId: number; why: 'same-contact' | 'contact-missing' };

const INTENT_NAMESPACE = (installationId: string) => `${installationId}:identity-merge-intents`;

/**
 * Merges two Chatwoot contacts through Chatwoot's contact-merge API and
 * brings Omniloom's records along: the older contact (lower `created_at`,
 * then lower id) is the base; identifiers, thread links and merge
 * suggestions move to it; an audit entry and a private note in the live
 * conversation say who merged what and why.
 *
 * Merges of one installation run one at a time (a store-wide lock) and both
 * ids are re-resolved inside it, so two events racing to merge the same
 * contacts merge them once. An intent is written before calling Chatwoot, so
 * a retry after a crash between the merge and the bookkeeping completes the
 * bookkeeping instead of leaving identifiers on a deleted contact.
 */
export async function mergeContactPair(
  deps: IdentityDeps,
  installation: InstallationContext,
  request: MergeRequest,
): Promise<MergeOutcome> {
  const installationId = installation.record.id;
  const { store } = deps;
  return withKeyLock(store.idempotency, `identity-merge:${installationId}`, async () => {
    const first = await followMergedContact(store.kv, installationId, request.contactId);
    const second = await followMergedContact(store.kv, installationId, request.otherContactId);
    if (first === second) return { merged: false, contactId: first, why: 'same-contact' };

    const [a, b] = await Promise.all([readContact(installation, first), readContact(installation, second)]);
    if (!a || !b) {
      const finished = await finishInterruptedMerge(
        deps,
        installation,
        request,
        a ? undefined : first,
        b ? undefined : second,
      );
      if (finished) return finished;
      const missing = a ? second : first;
      await recordGoneContact(store.kv, installationId, missing);
      return { merged: false, contactId: missing, why: 'contact-missing' };
    }
    const [base, mergee] = isOlder(a, b) ? [a, b] : [b, a];
    await store.kv.set(INTENT_NAMESPACE(installationId), String(mergee.id), base.id);
    try {
      await installation.chatwoot.mergeContacts(base.id, mergee.id);
    } catch (error) {
      // A refusal (400, 401, 403, 422) merged nothing. An unanswered call may have gone through, and a 404
      // can mean an earlier unanswered call just did: keep the intent so the retry can tell.
      if (
        error instanceof ChatwootApiError &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 404
      ) {
        await store.kv.delete(INTENT_NAMESPACE(installationId), String(mergee.id));
      }
      throw error;
    }
    await completeMerge(deps, installation, request, base, mergee.id, first);
    return { merged: true, baseContactId: base.id, mergeeContactId: mergee.id };
  });
}

function isOlder(a: ChatwootContact, b: ChatwootContact): boolean {
  const aCreated = a.created_at ?? Number.POSITIVE_INFINITY;
  const bCreated = b.created_at ?? Number.POSITIVE_INFINITY;
  return aCreated === bCreated ? a.id < b.id : aCreated < bCreated;
}

async function readContact(
  installation: InstallationContext,
  contactId: number,
): Promise<ChatwootContact | undefined> {
  try {
    return await installation.chatwoot.getContact(contactId);
  } catch (error) {
    if (error instanceof ChatwootApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** A contact is gone: if Omniloom was merging it when it stopped, finish that merge's bookkeeping. */
async function finishInterruptedMerge(
  deps: IdentityDeps,
  installation: InstallationContext,
  request: MergeRequest,
  ...missing: Array<number | undefined>
): Promise<MergeOutcome | undefined> {
  const installationId = installation.record.id;
  for (const mergeeId of missing) {
    if (mergeeId === undefined) continue;
    const baseId = await deps.store.kv.get<number>(INTENT_NAMESPACE(installationId), String(mergeeId));
    if (typeof baseId !== 'number') continue;
    const base = await readContact(installation, baseId);
    if (!base) continue;
    await completeMerge(deps, installation, request, base, mergeeId, request.contactId);
    return { merged: true, baseContactId: base.id, mergeeContactId: mergeeId };
  }
  return undefined;
}

async function completeMerge(
  deps: IdentityDeps,
  installation: InstallationContext,
  request: MergeRequest,
  base: ChatwootContact,
  mergeeId: number,
  lookedAtId: number,
): Promise<void> {
  const { store, logger } = deps;
  const installationId = installation.record.id;
  const now = (deps.now ?? (() => new Date()))();
  await recordMergedContact(store.kv, installationId, mergeeId, base.id);
  await store.identities.reassignContact(installationId, mergeeId, base.id);
  await store.threads.reassignContact(installationId, mergeeId, base.id);
  await carrySuggestions(store, installationId, mergeeId, base.id);
  await store.audit.append({
    id: `contact-merge:${base.id}:${mergeeId}`,
    installationId,
    actor: request.actor,
    action: 'contact.merged',
    subject: `contact:${base.id}`,
    reason: request.reason,
    data: {
      baseContactId: base.id,
      mergeeContactId: mergeeId,
      trigger: request.trigger,
      ...(request.identifier ? { identifier: request.identifier } : {}),
      ...(request.conversationId ? { conversationId: request.conversationId } : {}),
    },
    at: now.toISOString(),
  });
  await store.kv.delete(INTENT_NAMESPACE(installationId), String(mergeeId));
  try {
    await postMergeNote(
      deps,
      installation,
      request,
      base.id,
      mergeeId,
      lookedAtId === base.id ? mergeeId : base.id,
    );
  } catch (error) {
    // The merge and its audit entry stand; a missing note must not undo or repeat them.
    logger.warn(
      { err: error, installationId, baseContactId: base.id },
      'could not post the contact-merge note',
    );
  }
  logger.info(
    {
      installationId,
      baseContactId: base.id,
      mergeeContactId: mergeeId,
      actor: request.actor,
      trigger: request.trigger,
    },
    'merged contacts',
  );
}

/**
 * Suggestions about the mergee now concern the base: each is copied onto the
 * base with its status (so a dismissal still holds), and the ones between the
 * two merged contacts are settled as accepted.
 */
async function carrySuggestions(
  store: Store,
  installationId: string,
  mergeeId: number,
  baseId: number,
): Promise<void> {
  for (const suggestion of await store.mergeSuggestions.listForContact(installationId, mergeeId)) {
    const otherId = suggestion.contactId === mergeeId ? suggestion.otherContactId : suggestion.contactId;
    const other = await followMergedContact(store.kv, installationId, otherId);
    if (other === baseId) {
      if (suggestion.status === 'pending')
        await store.mergeSuggestions.setStatus(installationId, suggestion.id, 'accepted');
      continue;
    }
    await store.mergeSuggestions.createIfAbsent({
      ...suggestion,
      id: randomUUID(),
      contactId: baseId,
      otherContactId: other,
    });
  }
}

async function postMergeNote(
  deps: IdentityDeps,
  installation: InstallationContext,
  request: MergeRequest,
  baseId: number,
  mergeeId: number,
  otherId: number,
): Promise<void> {
  const installationId = installation.record.id;
  const conversationId = request.conversationId ?? (await liveConversationOf(installation, baseId));
  if (!conversationId) return;
  const scope = `${installationId}:identity`;
  const key = `merge-note:${baseId}:${mergeeId}`;
  if (!(await deps.store.idempotency.claim(scope, key))) return;
  const by = request.actor === 'system' ? 'automatically' : `by ${request.actor}`;
  const content =
    `Merged with contact #${otherId} ${by}: ${request.reason}.\n` +
    `Contact #${baseId} is kept (the older one); the conversations and channels of #${mergeeId} now belong to it.`;
  try {
    await installation.chatwoot.createMessage(conversationId, {
      content,
      message_type: 'outgoing',
      private: true,
    });
  } catch (error) {
    await deps.store.idempotency.release(scope, key);
    throw error;
  }
}

/** The contact's most recently active conversation, preferring ones that are not resolved. */
async function liveConversationOf(
  installation: InstallationContext,
  contactId: number,
): Promise<number | undefined> {
  const conversations = await installation.chatwoot.listContactConversations(contactId);
  const ranked = [...conversations].sort((x, y) => {
    const openX = x.status === 'resolved' ? 0 : 1;
    const openY = y.status === 'resolved' ? 0 : 1;
    if (openX !== openY) return openY - openX;
    return Number(y.last_activity_at ?? 0) - Number(x.last_activity_at ?? 0);
  });
  return ranked[0]?.id;
}
