import assert from 'node:assert/strict';
import { PermanentJobError, RetryLaterError, type Job, type JobQueue } from '../../plugin/queue/queue.ts';
import { runKillRestartScenario } from './kill-restart-scenario.ts';
import { sleep, waitUntil } from './wait-until.ts';

/** One isolated backing store (an SQLite file, a Redis key prefix) for one test. */
export interface QueueConformanceTarget {
  /** Opens a queue on this store; every call reaches the same jobs (close and reopen). */
  open(): Promise<JobQueue>;
  /** Environment that makes `fixtures/worker-child.ts` open this store in another process. */
  childEnv: Record<string, string>;
  /** Removes the store. */
  dispose(): Promise<void>;
}

/** A gate handlers wait on until the test opens it. */
function createGate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * The behaviour every `JobQueue` adapter must share, run against a fresh store
 * per test from `createTarget`.
 */
export function describeQueueConformance(
  name: string,
  createTarget: () => Promise<QueueConformanceTarget>,
): void {
  describe(`${name} queue conformance`, function () {
    this.timeout(15_000);
    let target: QueueConformanceTarget;
    let opened: JobQueue[] = [];

    const open = async (): Promise<JobQueue> => {
      const queue = await target.open();
      opened.push(queue);
      return queue;
    };

    beforeEach(async () => {
      target = await createTarget();
    });

    afterEach(async () => {
      await Promise.all(opened.map((queue) => queue.close(1000)));
      opened = [];
      await target.dispose();
    });

    it('runs an added job with its data and metadata, in its own queue only', async () => {
      const queue = await open();
      const seen: Job[] = [];
      queue.process('mail', async (job) => {
        seen.push(job);
      });
      await queue.add('other', { ignored: true });
      const result = await queue.add('mail', { to: 'ada@example.test' });
      await waitUntil(() => seen.length === 1, 'the job ran');
      assert.equal(result.duplicate, false);
      const [job] = seen;
      assert.ok(job);
      assert.deepEqual(
        { id: job.id, queue: job.queue, data: job.data, attempt: job.attempt, maxAttempts: job.maxAttempts },
        { id: result.id, queue: 'mail', data: { to: 'ada@example.test' }, attempt: 1, maxAttempts: 5 },
      );
      assert.ok(
        Math.abs(Date.parse(job.createdAt) - Date.now()) < 5000,
        'createdAt is an ISO timestamp of now',
      );
      assert.equal((await queue.counts('other')).waiting, 1);
      await sleep(50);
      assert.equal(seen.length, 1);
    });

    it('enqueues a job id once, also after the job completed', async () => {
      const queue = await open();
      const first = await queue.add('dedupe', { n: 1 }, { jobId: 'evt-1' });
      const second = await queue.add('dedupe', { n: 2 }, { jobId: 'evt-1' });
      assert.deepEqual(first, { id: 'evt-1', duplicate: false });
      assert.deepEqual(second, { id: 'evt-1', duplicate: true });

      const runs: unknown[] = [];
      queue.process('dedupe', async (job) => {
        runs.push(job.data);
      });
      await waitUntil(async () => {
        const counts = await queue.counts('dedupe');
        return runs.length === 1 && counts.waiting + counts.active === 0;
      }, 'the job completed');
      assert.deepEqual(await queue.add('dedupe', { n: 3 }, { jobId: 'evt-1' }), {
        id: 'evt-1',
        duplicate: true,
      });
      await sleep(100);
      assert.deepEqual(runs, [{ n: 1 }]);

      const a = await queue.add('dedupe', {});
      const b = await queue.add('dedupe', {});
      assert.notEqual(a.id, b.id);
      assert.equal(a.duplicate || b.duplicate, false);
    });

    it('retries a failing job with exponential backoff', async () => {
      const queue = await open();
      const runs: Array<{ attempt: number; at: number }> = [];
      queue.process('flaky', async (job) => {
        runs.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt < 3) throw new Error(`try ${job.attempt} failed`);
      });
      await queue.add('flaky', {}, { attempts: 3, backoffMs: 60 });
      await waitUntil(() => runs.length === 3, 'three runs');
      assert.deepEqual(
        runs.map((run) => run.attempt),
        [1, 2, 3],
      );
      const [one, two, three] = runs.map((run) => run.at) as [number, number, number];
      assert.ok(two - one >= 55, `first retry waits backoffMs (waited ${two - one} ms)`);
      assert.ok(three - two >= 115, `second retry waits twice as long (waited ${three - two} ms)`);
      assert.ok(three - two < 2000);
      await sleep(30);
      assert.deepEqual(await queue.deadLetters('flaky'), []);
    });

    it('dead-letters a job after its last attempt and retries it with a fresh budget', async () => {
      const queue = await open();
      let healthy = false;
      const attempts: number[] = [];
      queue.process('smtp', async (job) => {
        attempts.push(job.attempt);
        if (!healthy) throw new Error('smtp said no (550)');
      });
      await queue.add('smtp', { to: 'x@example.test' }, { jobId: 'mail-9', attempts: 2, backoffMs: 10 });
      await waitUntil(async () => (await queue.deadLetters('smtp')).length === 1, 'a dead letter appears');

      const [letter] = await queue.deadLetters('smtp');
      assert.ok(letter);
      assert.deepEqual(
        { id: letter.id, queue: letter.queue, data: letter.data, attempts: letter.attempts },
        { id: 'mail-9', queue: 'smtp', data: { to: 'x@example.test' }, attempts: 2 },
      );
      assert.match(letter.error, /smtp said no \(550\)/);
      assert.ok(Math.abs(Date.parse(letter.failedAt) - Date.now()) < 5000);
      assert.deepEqual(attempts, [1, 2]);
      assert.equal((await queue.counts('smtp')).dead, 1);
      assert.ok((await queue.deadLetters()).some((dead) => dead.queue === 'smtp' && dead.id === 'mail-9'));
      assert.equal(
        (await queue.add('smtp', {}, { jobId: 'mail-9' })).duplicate,
        true,
        'a dead job id still dedupes',
      );

      healthy = true;
      assert.equal(await queue.retryDeadLetter('smtp', 'mail-9'), true);
      await waitUntil(async () => {
        const counts = await queue.counts('smtp');
        return attempts.length === 3 && counts.dead + counts.waiting + counts.active === 0;
      }, 'the retried job completed');
      assert.equal(attempts[2], 1, 'the retry starts a fresh attempt budget');
      assert.deepEqual(await queue.deadLetters('smtp'), []);
      assert.equal(await queue.retryDeadLetter('smtp', 'mail-9'), false, 'a completed job is no dead letter');
      assert.equal(await queue.retryDeadLetter('smtp', 'unknown'), false);
    });

    it('dead-letters a job at once on PermanentJobError', async () => {
      const queue = await open();
      let runs = 0;
      queue.process('strict', async () => {
        runs += 1;
        throw new PermanentJobError('payload cannot be sent: no recipient');
      });
      await queue.add('strict', {}, { jobId: 'p-1', attempts: 5, backoffMs: 10 });
      await waitUntil(async () => (await queue.counts('strict')).dead === 1, 'the job is dead');
      await sleep(50);
      assert.equal(runs, 1);
      const [letter] = await queue.deadLetters('strict');
      assert.equal(letter?.attempts, 1);
      assert.match(letter?.error ?? '', /no recipient/);
    });

    it('waits the delay a RetryLaterError asks for instead of the backoff', async () => {
      const queue = await open();
      const runs: number[] = [];
      queue.process('limited', async (job) => {
        runs.push(Date.now());
        if (job.attempt === 1) throw new RetryLaterError('429 Too Many Requests', 250);
      });
      await queue.add('limited', {}, { attempts: 3, backoffMs: 60_000 });
      await waitUntil(() => runs.length === 2, 'the job ran again', 5000);
      const [first, second] = runs as [number, number];
      assert.ok(second - first >= 240, `waited ${second - first} ms`);
      assert.ok(second - first < 3000, `waited ${second - first} ms, not the backoff`);
    });

    it('does not run a delayed job before its time', async () => {
      const queue = await open();
      const ranAt: number[] = [];
      queue.process('later', async () => {
        ranAt.push(Date.now());
      });
      const addedAt = Date.now();
      await queue.add('later', {}, { delayMs: 300 });
      assert.equal((await queue.counts('later')).delayed, 1);
      await waitUntil(() => ranAt.length === 1, 'the delayed job ran', 5000);
      assert.ok((ranAt[0] ?? 0) - addedAt >= 290, `ran after ${(ranAt[0] ?? 0) - addedAt} ms`);
    });

    it('runs no more handlers at once than the concurrency', async () => {
      const queue = await open();
      let running = 0;
      let peak = 0;
      let done = 0;
      queue.process(
        'parallel',
        async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(80);
          running -= 1;
          done += 1;
        },
        { concurrency: 3 },
      );
      for (let i = 0; i < 9; i += 1) await queue.add('parallel', { i });
      await waitUntil(() => done === 9, 'all jobs ran', 10_000);
      assert.equal(peak, 3);
    });

    it('keeps queued jobs across close and reopen', async () => {
      const before = await open();
      await before.add('durable', { n: 1 });
      await before.add('durable', { n: 2 }, { jobId: 'durable-2' });
      await before.add('durable', { n: 3 }, { delayMs: 200 });
      await before.close();

      const after = await open();
      const counts = await after.counts('durable');
      assert.equal(counts.waiting + counts.delayed, 3);
      const seen: unknown[] = [];
      after.process('durable', async (job) => {
        seen.push(job.data);
      });
      await waitUntil(() => seen.length === 3, 'all jobs ran after reopening');
      assert.deepEqual(seen.map((data) => (data as { n: number }).n).sort(), [1, 2, 3]);
      assert.equal((await after.add('durable', {}, { jobId: 'durable-2' })).duplicate, true);
    });

    it('counts waiting, active, delayed and dead jobs', async () => {
      const queue = await open();
      const zero = { waiting: 0, active: 0, delayed: 0, dead: 0 };
      assert.deepEqual(await queue.counts('tally'), zero);
      await queue.add('tally', { kind: 'block' });
      await queue.add('tally', { kind: 'ok' });
      await queue.add('tally', { kind: 'ok' }, { delayMs: 60_000 });
      assert.deepEqual(await queue.counts('tally'), { ...zero, waiting: 2, delayed: 1 });

      const gate = createGate();
      let started = 0;
      queue.process('tally', async (job) => {
        started += 1;
        const { kind } = job.data as { kind: string };
        if (kind === 'fail') throw new PermanentJobError('no');
        if (kind === 'block') await gate.wait;
      });
      await waitUntil(() => started === 1, 'the first job started');
      assert.deepEqual(await queue.counts('tally'), { ...zero, waiting: 1, active: 1, delayed: 1 });

      await queue.add('tally', { kind: 'fail' });
      gate.open();
      await waitUntil(async () => {
        const counts = await queue.counts('tally');
        return counts.dead === 1 && counts.waiting + counts.active === 0;
      }, 'the queue settles');
      assert.deepEqual(await queue.counts('tally'), { ...zero, delayed: 1, dead: 1 });
    });

    it('lets running jobs finish on close and takes no new ones', async () => {
      const queue = await open();
      const started: unknown[] = [];
      const finished: unknown[] = [];
      queue.process('drain', async (job) => {
        started.push(job.data);
        await sleep(250);
        finished.push(job.data);
      });
      await queue.add('drain', { n: 1 });
      await queue.add('drain', { n: 2 });
      await waitUntil(() => started.length === 1, 'a job started');
      await queue.close(5000);
      assert.deepEqual(finished, started, 'the running job finished before close resolved');
      assert.equal(started.length, 1, 'no job started after close');
      await assert.rejects(queue.add('drain', {}));

      const reopened = await open();
      const counts = await reopened.counts('drain');
      assert.deepEqual(
        counts,
        { waiting: 1, active: 0, delayed: 0, dead: 0 },
        'the other job is still queued',
      );
    });

    it('completes every job exactly once when a worker is killed mid-job', async function () {
      this.timeout(40_000);
      await runKillRestartScenario(await open(), target.childEnv);
    });
  });
}
