import type { IdempotencyStore } from '../store.ts';
import type { SqliteDatabase } from './open-database.ts';

/** Expired claims are deleted at most this often (they are harmless until then). */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Run-once markers in SQLite. One upsert decides a claim atomically: the row
 * is inserted, or taken over when the previous claim has expired, or left
 * alone (and the claim refused).
 */
export function createIdempotencyRepo(db: SqliteDatabase, now: () => number = Date.now): IdempotencyStore {
  const claim = db.prepare(`INSERT INTO idempotency_claims (scope, key, claimed_at, expires_at)
    VALUES (@scope, @key, @claimed_at, @expires_at)
    ON CONFLICT (scope, key) DO UPDATE SET claimed_at = excluded.claimed_at, expires_at = excluded.expires_at
    WHERE idempotency_claims.expires_at IS NOT NULL AND idempotency_claims.expires_at <= @now`);
  const release = db.prepare('DELETE FROM idempotency_claims WHERE scope = ? AND key = ?');
  const sweep = db.prepare('DELETE FROM idempotency_claims WHERE expires_at IS NOT NULL AND expires_at <= ?');
  let lastSweep = 0;

  return {
    async claim(scope, key, ttlMs) {
      const at = now();
      if (at - lastSweep >= SWEEP_INTERVAL_MS) {
        lastSweep = at;
        sweep.run(at);
      }
      const result = claim.run({
        scope,
        key,
        claimed_at: new Date(at).toISOString(),
        expires_at: ttlMs === undefined ? null : at + Math.max(0, ttlMs),
        now: at,
      });
      return result.changes === 1;
    },
    async release(scope, key) {
      release.run(scope, key);
    },
  };
}
