/**
 * The stored list of connected portals: rewrites of it for different portals
 * at the same moment (a sync recording its run, a disconnect, a connect) all
 * land.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  forgetHelpCenterPortal,
  listHelpCenterPortals,
  recordHelpCenterRun,
  saveHelpCenterPortal,
} from '../../plugin/knowledge/help-center/help-center-portals.ts';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../plugin/store/store.ts';

describe('connected Help Center portals', () => {
  let dir: string;
  let store: Store;
  const installation = 'inst-portals';
  const now = new Date('2026-11-25T10:00:00Z');
  const run = { at: now.toISOString(), ok: true, ingested: 1, unchanged: 0, removed: 0, embedded: 1 };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-portals-'));
    store = await openSqliteStore({ file: path.join(dir, 'store.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every change when portals are rewritten at the same moment', async () => {
    for (const portal of ['a', 'b', 'c']) await saveHelpCenterPortal(store, installation, { portal, keepInSync: true }, now);
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        forgetHelpCenterPortal(store, installation, 'a'),
        recordHelpCenterRun(store, installation, 'b', run),
        saveHelpCenterPortal(store, installation, { portal: `new-${round}`, keepInSync: false }, now),
        recordHelpCenterRun(store, installation, 'c', run),
      ]);
      const portals = await listHelpCenterPortals(store, installation);
      assert.equal(portals.some((entry) => entry.portal === 'a'), false, 'the disconnected portal stays gone');
      assert.ok(portals.some((entry) => entry.portal === `new-${round}`), 'the connected portal is kept');
      assert.ok(portals.find((entry) => entry.portal === 'b')?.lastRun, 'the run is recorded');
      await saveHelpCenterPortal(store, installation, { portal: 'a', keepInSync: true }, now);
    }
  });
});
