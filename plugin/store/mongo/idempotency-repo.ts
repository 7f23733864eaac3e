import type { IdempotencyStore } from '../store.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { StoreModels } from './models.ts';

/**
 * Run-once markers in MongoDB. The unique (scope, key) index decides the
 * first claim; an expired claim is taken over by a conditional update, which
 * only one of several racing callers can win.
 */
export function createIdempotencyRepo(models: StoreModels): IdempotencyStore {
  const { idempotencyClaims } = models;
  return {
    async claim(scope, key, ttlMs) {
      const now = Date.now();
      const claim = {
        claimedAt: new Date(now).toISOString(),
        expiresAt: ttlMs === undefined ? null : new Date(now + Math.max(0, ttlMs)),
      };
      try {
        await idempotencyClaims.create({ scope, key, ...claim });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const takeover = await idempotencyClaims.updateOne(
        { scope, key, expiresAt: { $ne: null, $lte: new Date(now) } },
        { $set: claim },
      );
      return takeover.modifiedCount === 1;
    },
    async release(scope, key) {
      await idempotencyClaims.deleteOne({ scope, key });
    },
  };
}
