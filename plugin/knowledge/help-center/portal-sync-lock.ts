import { LockBusyError, withKeyLock } from '../../bridge/with-key-lock.ts';
import type { Store } from '../../store/store.ts';

/** How long a holder may keep a portal before others may take it anyway (a crashed sync's lock expires). */
const PORTAL_LOCK_TTL_MS = 15 * 60_000;
/** The portal list is rewritten in milliseconds; a crashed writer's lock should not block for long. */
const LIST_LOCK_TTL_MS = 30_000;
const LIST_LOCK_WAIT_MS = 10_000;

/**
 * One change to a portal's documents at a time, across processes: a sync and
 * a disconnect racing would otherwise bring removed articles back.
 * Returns undefined without running `work` when the portal stays busy for `waitMs`.
 */
export async function withPortalLock<T>(
  store: Store,
  installationId: string,
  portal: string,
  work: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<{ value: T } | undefined> {
  try {
    const value = await withKeyLock(store.idempotency, `help-center:${installationId}:${portal}`, work, {
      ttlMs: PORTAL_LOCK_TTL_MS,
      waitMs: options.waitMs ?? 0,
    });
    return { value };
  } catch (error) {
    if (error instanceof LockBusyError) return undefined;
    throw error;
  }
}

/**
 * One rewrite of an installation's portal list at a time: every portal lives in
 * one stored list, so a sync recording its run must not undo a disconnect of
 * another portal made meanwhile.
 */
export function withPortalListLock<T>(store: Store, installationId: string, work: () => Promise<T>): Promise<T> {
  return withKeyLock(store.idempotency, `help-center-portals:${installationId}`, work, {
    ttlMs: LIST_LOCK_TTL_MS,
    waitMs: LIST_LOCK_WAIT_MS,
  });
}
