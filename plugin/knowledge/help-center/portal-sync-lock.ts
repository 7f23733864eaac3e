import type { Store } from '../../store/store.ts';

/** How long a holder may keep a portal before others may take it anyway (a crashed sync's lock expires). */
const LOCK_TTL_MS = 15 * 60_000;
const POLL_MS = 100;

const lockScope = (installationId: string) => `${installationId}:help-center-sync`;

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
  const deadline = Date.now() + (options.waitMs ?? 0);
  while (!(await store.idempotency.claim(lockScope(installationId), portal, LOCK_TTL_MS))) {
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return { value: await work() };
  } finally {
    await store.idempotency.release(lockScope(installationId), portal);
  }
}
