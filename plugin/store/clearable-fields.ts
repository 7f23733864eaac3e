import type { InstallationRecord, SuggestionRecord } from './store.ts';

/** Optional installation fields an `update` patch may clear by passing `undefined`. */
export const INSTALLATION_CLEARABLE = ['botTokenCiphertext'] as const satisfies ReadonlyArray<
  keyof InstallationRecord
>;

/** Optional suggestion fields an `update` patch may clear by passing `undefined`. */
export const SUGGESTION_CLEARABLE = [
  'sentText',
  'rejectReason',
  'resolvedAt',
] as const satisfies ReadonlyArray<keyof SuggestionRecord>;
