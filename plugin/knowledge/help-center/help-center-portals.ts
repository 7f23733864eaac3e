import type { Store } from '../../store/store.ts';
import { withPortalListLock } from './portal-sync-lock.ts';

/** Outcome of the last sync of a portal, shown on the knowledge page and the API. */
export interface HelpCenterRun {
  at: string;
  ok: boolean;
  ingested: number;
  unchanged: number;
  removed: number;
  /** Chunks embedded by the run. */
  embedded: number;
  /** Why the run failed (ok false). */
  error?: string;
}

/** A Help Center portal whose published articles feed the knowledge base. */
export interface HelpCenterPortalSource {
  portal: string;
  /** Limits the portal's articles to one inbox's answers. */
  inboxId?: number;
  /** Synced again on the installation's schedule, not only on demand. */
  keepInSync: boolean;
  addedAt: string;
  lastRun?: HelpCenterRun;
}

const namespace = (installationId: string) => `${installationId}:knowledge`;
const KEY = 'help-center-portals';

export async function listHelpCenterPortals(
  store: Store,
  installationId: string,
): Promise<HelpCenterPortalSource[]> {
  return (await store.kv.get<HelpCenterPortalSource[]>(namespace(installationId), KEY)) ?? [];
}

export async function findHelpCenterPortal(
  store: Store,
  installationId: string,
  portal: string,
): Promise<HelpCenterPortalSource | undefined> {
  return (await listHelpCenterPortals(store, installationId)).find((source) => source.portal === portal);
}

/** Adds the portal or changes how it is synced; its last run is kept. */
export async function saveHelpCenterPortal(
  store: Store,
  installationId: string,
  source: Omit<HelpCenterPortalSource, 'addedAt' | 'lastRun'> & { addedAt?: string },
  now: Date,
): Promise<HelpCenterPortalSource> {
  return withPortalListLock(store, installationId, async () => {
    const portals = await listHelpCenterPortals(store, installationId);
    const existing = portals.find((entry) => entry.portal === source.portal);
    const saved: HelpCenterPortalSource = {
      portal: source.portal,
      ...(source.inboxId !== undefined ? { inboxId: source.inboxId } : {}),
      keepInSync: source.keepInSync,
      addedAt: existing?.addedAt ?? source.addedAt ?? now.toISOString(),
      ...(existing?.lastRun ? { lastRun: existing.lastRun } : {}),
    };
    await store.kv.set(namespace(installationId), KEY, [
      ...portals.filter((entry) => entry.portal !== source.portal),
      saved,
    ]);
    return saved;
  });
}

/** Records a run's outcome on a portal that is still listed (a portal removed meanwhile stays removed). */
export async function recordHelpCenterRun(
  store: Store,
  installationId: string,
  portal: string,
  run: HelpCenterRun,
): Promise<void> {
  await withPortalListLock(store, installationId, async () => {
    const portals = await listHelpCenterPortals(store, installationId);
    if (!portals.some((entry) => entry.portal === portal)) return;
    await store.kv.set(
      namespace(installationId),
      KEY,
      portals.map((entry) => (entry.portal === portal ? { ...entry, lastRun: run } : entry)),
    );
  });
}

export async function forgetHelpCenterPortal(
  store: Store,
  installationId: string,
  portal: string,
): Promise<boolean> {
  return withPortalListLock(store, installationId, async () => {
    const portals = await listHelpCenterPortals(store, installationId);
    const remaining = portals.filter((entry) => entry.portal !== portal);
    if (remaining.length === portals.length) return false;
    await store.kv.set(namespace(installationId), KEY, remaining);
    return true;
  });
}
