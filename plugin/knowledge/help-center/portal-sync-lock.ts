import type { Store } from '../../store/store.ts';

/** How long a holder may keep a portal before others may take it anyway (a crashed sync's lock expires). */
const PORTAL_LOCK_TTL_MS = 15 * 60_000;
/** The portal list is rewritten in milliseconds; a crashed writer's lock should not block for long. */
const LIST_LOCK_TTL_MS = 30_000;
const LIST_LOCK_WAIT_MS = 10_000;
const POLL_MS = 25;

const lockScope = (installationId: string) => `${installationId}:help-center-sync`;
const listLockScope = (installationId: string) => `${installationId}:help-center-portals`;

async function withLock<T>(
  store: Store,
  scope: string,
  key: string,
  work: () => Promise<T>,
  options: { waitMs: number; ttlMs: number },
): Promise<{ value: T } | undefined> {
  const deadline = Date.now() + options.waitMs;
  while (!(await store.idempotency.claim(scope, key, options.ttlMs))) {
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return { value: await work() };
  } finally {
    await store.idempotency.release(scope, key);
  }
}

/**
 * One change to a portal's documents at a time, across processes: a sync and
 * a disconnect racing would otherwise bring removed articles back.
 * Returns undefined without running `work` when the portal stays busy for `waitMs`.
 */
export function withPortalLock<T>(
  store: Store,
  installationId: string,
  portal: string,
  work: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<{ value: T } | undefined> {
  return withLock(store, lockScope(installationId), portal, work, {
    waitMs: options.waitMs ?? 0,
    ttlMs: PORTAL_LOCK_TTL_MS,
  });
}

/**
 * One rewrite of an installation's portal list at a time: every portal lives in
 * one stored list, so a sync recording its run must not undo a disconnect of
 * another portal made meanwhile.
 */
export async function withPortalListLock<T>(store: Store, installationId: string, work: () => Promise<T>): Promise<T> {
  const done = await withLock(store, listLockScope(installationId), 'list', work, {
    waitMs: LIST_LOCK_WAIT_MS,
    ttlMs: LIST_LOCK_TTL_MS,
  });
  if (!done) throw new Error(`The Help Center portal list of installation ${installationId} stayed locked; try again.`);
  return done.value;
}
