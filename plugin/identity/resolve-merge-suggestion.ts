import { BadRequestError, NotFoundError } from '../errors.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { MergeSuggestionRecord } from '../store/store.ts';
import { followMergedContact } from './follow-merged-contact.ts';
import { mergeContactPair, type IdentityDeps, type MergeOutcome } from './merge-contact-pair.ts';

export interface SuggestionDecision {
  /** The contact the person is looking at (a suggestion of another contact is not found). */
  contactId: number;
  suggestionId: string;
  /** `admin` or `agent:<id>`, for the audit log. */
  actor: string;
  /** The conversation open in the dashboard; the merge note goes there. */
  conversationId?: number;
}

async function loadSuggestion(
  deps: IdentityDeps,
  installationId: string,
  decision: SuggestionDecision,
): Promise<{ suggestion: MergeSuggestionRecord; contactId: number; otherId: number }> {
  const { store } = deps;
  const suggestion = await store.mergeSuggestions.get(installationId, decision.suggestionId);
  const contactId = await followMergedContact(store.kv, installationId, decision.contactId);
  if (suggestion) {
    const first = await followMergedContact(store.kv, installationId, suggestion.contactId);
    const second = await followMergedContact(store.kv, installationId, suggestion.otherContactId);
    if (first === contactId || second === contactId) {
      return { suggestion, contactId, otherId: first === contactId ? second : first };
    }
  }
  throw new NotFoundError(`No merge suggestion ${decision.suggestionId} for contact ${decision.contactId}.`);
}

/**
 * A person accepted a merge suggestion: the two contacts are merged through
 * Chatwoot (older contact kept) with an audit entry naming who accepted it.
 */
export async function acceptMergeSuggestion(
  deps: IdentityDeps,
  installation: InstallationContext,
  decision: SuggestionDecision,
): Promise<{ suggestion: MergeSuggestionRecord; merge: MergeOutcome }> {
  const installationId = installation.record.id;
  const { suggestion, contactId, otherId } = await loadSuggestion(deps, installationId, decision);
  if (suggestion.status !== 'pending') {
    throw new BadRequestError(`The suggestion was already ${suggestion.status}.`, 409, 'conflict');
  }
  const merge = await mergeContactPair(deps, installation, {
    contactId,
    otherContactId: otherId,
    reason: `merge suggestion accepted (${suggestion.reason})`,
    actor: decision.actor,
    trigger: `suggestion:${suggestion.id}`,
    identifier: suggestion.identifier,
    ...(decision.conversationId ? { conversationId: decision.conversationId } : {}),
  });
  if (!merge.merged && merge.why === 'contact-missing') {
    await deps.store.mergeSuggestions.setStatus(installationId, suggestion.id, 'dismissed');
    throw new BadRequestError(
      'One of the two contacts no longer exists in Chatwoot; the suggestion was closed.',
      409,
      'conflict',
    );
  }
  const updated = await deps.store.mergeSuggestions.setStatus(installationId, suggestion.id, 'accepted');
  return { suggestion: updated, merge };
}

/**
 * A person dismissed a merge suggestion: it is remembered, and the two
 * contacts are never suggested or merged automatically again.
 */
export async function dismissMergeSuggestion(
  deps: IdentityDeps,
  installation: InstallationContext,
  decision: SuggestionDecision,
): Promise<{ suggestion: MergeSuggestionRecord }> {
  const installationId = installation.record.id;
  const { suggestion, contactId, otherId } = await loadSuggestion(deps, installationId, decision);
  if (suggestion.status === 'dismissed') return { suggestion };
  if (suggestion.status === 'accepted') {
    throw new BadRequestError(
      'The suggestion was already accepted: the contacts are merged.',
      409,
      'conflict',
    );
  }
  const updated = await deps.store.mergeSuggestions.setStatus(installationId, suggestion.id, 'dismissed');
  await deps.store.audit.append({
    id: `merge-suggestion-dismissed:${suggestion.id}`,
    installationId,
    actor: decision.actor,
    action: 'merge_suggestion.dismissed',
    subject: `contact:${contactId}`,
    reason: suggestion.reason,
    data: {
      suggestionId: suggestion.id,
      contactId,
      otherContactId: otherId,
      identifier: suggestion.identifier,
    },
    at: (deps.now ?? (() => new Date()))().toISOString(),
  });
  return { suggestion: updated };
}
