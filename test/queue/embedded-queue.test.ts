import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { LEASE_EXPIRED_ERROR } from '../../plugin/queue/embedded/job-table.ts';
import {
  openEmbeddedQueue,
  type EmbeddedQueueOptions,
} from '../../plugin/queue/embedded/open-embedded-queue.ts';
import type { Job, JobQueue } from '../../plugin/queue/queue.ts';
import { describeQueueConformance } from './queue-conformance.ts';
import { sleep, waitUntil } from './wait-until.ts';

describeQueueConformance('embedded', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omniloom-queue-'));
  const file = path.join(dir, 'omniloom.sqlite');
  return {
    open: () => openEmbeddedQueue({ file, pollIntervalMs: 25 }),
    childEnv: {
      QUEUE_CHILD_ADAPTER: 'embedded',
      QUEUE_CHILD_SQLITE_FILE: file,
      QUEUE_CHILD_VISIBILITY_MS: '600',
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('embedded queue', () => {
  let dir: string;
  let file: string;
  const opened: JobQueue[] = [];
  const open = async (options: Omit<EmbeddedQueueOptions, 'file'> = {}): Promise<JobQueue> => {
    const queue = await openEmbeddedQueue({ file, pollIntervalMs: 25, ...options });
    opened.push(queue);
    return queue;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'omniloom-queue-'));
    file = path.join(dir, 'omniloom.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close(200)));
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares the SQLite file: creates only queue_ tables and migrates once', async () => {
    const other = new Database(file);
    other.exec('CREATE TABLE installations (id TEXT PRIMARY KEY); INSERT INTO installations VALUES (1)');
    await (await open()).close();
    await (await open()).close();
    const names = other
      .prepare(`SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all() as string[];
    assert.deepEqual(
      names.filter((name) => !name.startsWith('queue_')),
      ['installations'],
    );
    assert.ok(names.includes('queue_jobs'));
    assert.deepEqual(other.prepare('SELECT version FROM queue_migrations').pluck().all(), [1]);
    assert.equal(other.prepare('SELECT COUNT(*) FROM installations').pluck().get(), 1);
    other.close();
  });

  it('lets a completed job id in again once its retention has passed', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const queue = await open({ clock: () => now, completedRetentionMs: 60_000 });
    let runs = 0;
    queue.process('webhooks', async () => {
      runs += 1;
    });
    await queue.add('webhooks', {}, { jobId: 'evt-7' });
    await waitUntil(
      async () => runs === 1 && (await queue.counts('webhooks')).active === 0,
      'the job completed',
    );
    now += 59_000;
    assert.equal((await queue.add('webhooks', {}, { jobId: 'evt-7' })).duplicate, true);
    now += 2_000;
    assert.equal((await queue.add('webhooks', {}, { jobId: 'evt-7' })).duplicate, false);
    await waitUntil(() => runs === 2, 'the job ran again');
  });

  it('makes a job left running by a stopped process runnable again on open', async () => {
    const stopped = await open({ visibilityTimeoutMs: 5000 });
    let started = false;
    stopped.process('slow', () => {
      started = true;
      return new Promise<void>(() => {});
    });
    await stopped.add('slow', { n: 1 }, { jobId: 'slow-1' });
    await waitUntil(() => started, 'the job started');
    await stopped.close(20);

    const later = await open({ clock: () => Date.now() + 10_000 });
    assert.deepEqual(await later.counts('slow'), { waiting: 1, active: 0, delayed: 0, dead: 0 });
    const attempts: number[] = [];
    later.process('slow', async (job) => {
      attempts.push(job.attempt);
    });
    await waitUntil(() => attempts.length === 1, 'the job ran again');
    assert.deepEqual(attempts, [2]);
  });

  it('dead-letters a job whose worker stopped during its last attempt', async () => {
    const stopped = await open({ visibilityTimeoutMs: 5000 });
    let started = false;
    stopped.process('poison', () => {
      started = true;
      return new Promise<void>(() => {});
    });
    await stopped.add('poison', {}, { jobId: 'poison-1', attempts: 1 });
    await waitUntil(() => started, 'the job started');
    await stopped.close(20);

    const later = await open({ clock: () => Date.now() + 10_000 });
    const [letter] = await later.deadLetters('poison');
    assert.equal(letter?.id, 'poison-1');
    assert.equal(letter?.error, LEASE_EXPIRED_ERROR);
  });

  it('hands each job to exactly one of several connections on the same file', async () => {
    const first = await open();
    const second = await open();
    const runs = new Map<string, number>();
    const handler = async (job: Job): Promise<void> => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await sleep(5);
    };
    first.process('shared', handler, { concurrency: 2 });
    second.process('shared', handler, { concurrency: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) ids.push((await (i % 2 ? first : second).add('shared', { i })).id);
    await waitUntil(() => runs.size === 40, 'every job ran', 10_000);
    await sleep(50);
    assert.deepEqual([...new Set(runs.values())], [1]);
  });
});
