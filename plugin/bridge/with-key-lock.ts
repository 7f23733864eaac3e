import type { IdempotencyStore } from '../store/store.ts';

const LOCK_SCOPE = 'lock';

/** The lock stayed taken for the whole wait. */
export class LockBusyError extends Error {
  constructor(key: string) {
    super(`Timed out waiting for lock ${key}`);
    this.name = 'LockBusyError';
  }
}

/**
 * Runs `work` while holding a lock on `key`, shared by every process on the
 * same store (claims in the idempotency table, expiring after `ttlMs` in case
 * the holder dies). Used where two channels of one new customer could race.
 */
export async function withKeyLock<T>(
  idempotency: IdempotencyStore,
  key: string,
  work: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const ttlMs = options.ttlMs ?? 30_000;
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  let delay = 10;
  while (!(await idempotency.claim(LOCK_SCOPE, key, ttlMs))) {
    if (Date.now() >= deadline) throw new LockBusyError(key);
    await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await work();
  } finally {
    await idempotency.release(LOCK_SCOPE, key);
  }
}
