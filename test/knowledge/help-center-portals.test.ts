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
import { queueScheduledSyncs, type HelpCenterQueueDeps } from '../../plugin/knowledge/help-center/help-center-sync-queue.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
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

describe('scheduled Help Center syncs', () => {
  let dir: string;
  let store: Store;
  const periodMs = 7 * 24 * 60 * 60 * 1000;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-schedule-'));
    store = await openSqliteStore({ file: path.join(dir, 'store.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('queues a portal once per period, even when the queue has forgotten the job id', async () => {
    const installation = await store.installations.create({
      id: 'inst-schedule',
      chatwootUrl: 'http://chatwoot.invalid',
      accountId: 1,
      tokenCiphertext: 'sealed',
      urlSecretCiphertext: 'sealed',
      settings: {},
      provisioned: {},
      status: 'active',
    });
    let now = new Date('2026-11-23T00:00:00Z');
    const added: string[] = [];
    // A queue that never reports a duplicate: as if completed jobs had been cleaned up.
    const queue = {
      async add(_name: string, _data: unknown, options?: { jobId?: string }) {
        added.push(options?.jobId ?? '');
        return { id: options?.jobId ?? '', duplicate: false };
      },
    } as unknown as JobQueue;
    const deps = { store, queue, retry: { attempts: 3, backoffMs: 100, leaseMs: 1000 }, now: () => now } as unknown as HelpCenterQueueDeps;
    await saveHelpCenterPortal(store, installation.id, { portal: 'help', keepInSync: true }, now);
    await saveHelpCenterPortal(store, installation.id, { portal: 'manual', keepInSync: false }, now);

    assert.equal(await queueScheduledSyncs(deps, periodMs), 1);
    await recordHelpCenterRun(store, installation.id, 'help', { at: now.toISOString(), ok: true, ingested: 0, unchanged: 0, removed: 0, embedded: 0 });
    now = new Date('2026-11-25T00:00:00Z');
    assert.equal(await queueScheduledSyncs(deps, periodMs), 0, 'synced already in this period');
    now = new Date('2026-12-01T00:00:00Z');
    assert.equal(await queueScheduledSyncs(deps, periodMs), 1, 'the next period');
    assert.equal(added.length, 2);
    assert.ok(added.every((id) => id.startsWith(`${installation.id}:help:period:`)));
  });
});
