import type { IdentifierType } from '../messages/normalized-message.ts';
import type { IdentityRecord } from '../store/store.ts';

/** Per identifier kind: may two contacts holding it verified be merged without a person deciding? */
export type AutoMergePolicy = Record<IdentifierType, boolean>;

/** Kinds that name one person: two different verified values of one of these on two contacts is a conflict. */
export const PERSONAL_KINDS: readonly IdentifierType[] = ['phone', 'email', 'external_id'];

/** Reasons of flagged conflicts start with this, so lists can tell them from ordinary suggestions. */
export const CONFLICT_PREFIX = 'Conflict: ';

/** What to do about two contacts sharing one identifier. */
export type MatchDecision =
  | { action: 'merge'; reason: string }
  | { action: 'suggest'; reason: string; conflict: boolean }
  | { action: 'skip'; reason: string };

/** A kind in which both contacts hold verified values and share none of them. */
export interface IdentityConflict {
  type: IdentifierType;
  mine: string[];
  theirs: string[];
}

export interface MatchInput {
  /** The shared identifier. */
  identifier: { type: IdentifierType; value: string };
  /** Every identifier of the contact being reconciled. */
  mine: readonly IdentityRecord[];
  /** Every identifier of the other contact. */
  theirs: readonly IdentityRecord[];
  autoMerge: AutoMergePolicy;
  /** Someone already said these two are different people. */
  pairDismissed: boolean;
}

const KIND_NAMES: Record<IdentifierType, string> = {
  email: 'email',
  phone: 'phone',
  channel_user: 'channel account',
  external_id: 'site identity (HMAC identifier)',
};

/** Human name of an identifier kind ("email", "site identity (HMAC identifier)"). */
export function kindName(type: IdentifierType): string {
  return KIND_NAMES[type];
}

/**
 * Verified values of a personal kind that the two contacts do not share, for
 * every kind other than the one they match on. "Two different verified phones
 * claiming one email" is the classic case: a shared family email, a reused
 * work address, a site account typed by someone else.
 */
export function findConflicts(
  matchType: IdentifierType,
  mine: readonly IdentityRecord[],
  theirs: readonly IdentityRecord[],
): IdentityConflict[] {
  const conflicts: IdentityConflict[] = [];
  for (const type of PERSONAL_KINDS) {
    if (type === matchType) continue;
    const mineValues = verifiedValues(mine, type);
    const theirValues = verifiedValues(theirs, type);
    if (mineValues.length === 0 || theirValues.length === 0) continue;
    if (mineValues.some((value) => theirValues.includes(value))) continue;
    conflicts.push({ type, mine: mineValues, theirs: theirValues });
  }
  return conflicts;
}

function verifiedValues(records: readonly IdentityRecord[], type: IdentifierType): string[] {
  return [
    ...new Set(
      records.filter((record) => record.type === type && record.verified).map((record) => record.value),
    ),
  ];
}

function describe(record: IdentityRecord): string {
  return `${record.verified ? 'verified' : 'claimed'}${record.source ? ` (${record.source})` : ''}`;
}

/**
 * The merge policy, as one pure function:
 *
 * 1. A pair someone dismissed is left alone for good.
 * 2. Conflicting personal identifiers → flagged for a person, never merged.
 * 3. Verified on both sides and auto-merge on for the kind → merge.
 * 4. Anything else (a claim on either side, or auto-merge off) → suggestion.
 */
export function decideMatch(input: MatchInput): MatchDecision {
  const { identifier } = input;
  const kind = kindName(identifier.type);
  if (input.pairDismissed) return { action: 'skip', reason: 'a person dismissed merging these contacts' };
  const mine = input.mine.find(
    (record) => record.type === identifier.type && record.value === identifier.value,
  );
  const theirs = input.theirs.find(
    (record) => record.type === identifier.type && record.value === identifier.value,
  );
  if (!mine || !theirs) return { action: 'skip', reason: 'the identifier is no longer on both contacts' };

  const conflicts = findConflicts(identifier.type, input.mine, input.theirs);
  if (conflicts.length > 0) {
    const detail = conflicts
      .map(
        (conflict) =>
          `different verified ${kindName(conflict.type)}s (${conflict.mine.join(', ')} / ${conflict.theirs.join(', ')})`,
      )
      .join('; ');
    return {
      action: 'suggest',
      conflict: true,
      reason: `${CONFLICT_PREFIX}same ${kind} ${identifier.value}, but ${detail}`,
    };
  }
  if (mine.verified && theirs.verified) {
    if (input.autoMerge[identifier.type])
      return { action: 'merge', reason: `same verified ${kind} ${identifier.value}` };
    return {
      action: 'suggest',
      conflict: false,
      reason: `Same verified ${kind} ${identifier.value} (automatic merging on ${kind} is turned off)`,
    };
  }
  return {
    action: 'suggest',
    conflict: false,
    reason: `Same ${kind} ${identifier.value}: ${describe(mine)} on one contact, ${describe(theirs)} on the other`,
  };
}
