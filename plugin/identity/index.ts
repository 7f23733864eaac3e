/**
 * Cross-channel identity: the identity graph of every contact Omniloom has
 * seen, the merge policy (automatic merges on verified matches, suggestions
 * on claims, flagged conflicts), the identity API and the shared history.
 */
export { createIdentityAfterInbound } from './create-identity-hook.ts';
export { createIdentitySubscriber } from './create-identity-subscriber.ts';
export { startIdentityWorker, IDENTITY_QUEUE, type IdentityJob } from './reconcile-queue.ts';
export { createIdentityRouter, type IdentityRouterDeps } from './create-identity-router.ts';
export {
  reconcileContactIdentity,
  type ReconcileInput,
  type ReconcileResult,
} from './reconcile-contact-identity.ts';
export {
  mergeContactPair,
  type IdentityDeps,
  type MergeOutcome,
  type MergeRequest,
} from './merge-contact-pair.ts';
export {
  acceptMergeSuggestion,
  dismissMergeSuggestion,
  type SuggestionDecision,
} from './resolve-merge-suggestion.ts';
export { presentContactIdentity, type ContactIdentityView } from './present-contact-identity.ts';
export {
  loadCustomerHistory,
  formatCustomerHistory,
  channelOf,
  type CustomerHistory,
  type HistoryBudget,
  type HistoryEntry,
} from './load-customer-history.ts';
export { followMergedContact } from './follow-merged-contact.ts';
export { extractClaimedIdentifiers, MESSAGE_TEXT_SOURCE } from './extract-claimed-identifiers.ts';
export { decideMatch, findConflicts, CONFLICT_PREFIX, type MatchDecision } from './decide-match.ts';
export { normalizeIdentifier, normalizeIdentifiers } from './normalize-identifier.ts';
export {
  readMessageIdentity,
  readContactIdentity,
  readApiContactIdentity,
} from './read-chatwoot-identity.ts';
