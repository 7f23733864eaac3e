import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import { silentLogger, type Logger } from '../../logger.ts';
import { reconnectDelayMs } from '../../redis/reconnect-delay.ts';
import { isRedisConnectionError } from '../../redis/watch-redis-connection.ts';
import { COMPLETED_RETENTION_MS, DEFAULT_CLOSE_TIMEOUT_MS, resolveEnqueueOptions } from '../job-defaults.ts';
import { describeJobError, isPermanentJobError } from '../plan-retry.ts';
import type {
  DeadLetter,
  EnqueueOptions,
  EnqueueResult,
  JobHandler,
  JobQueue,
  QueueCounts,
  QueueHealth,
} from '../queue.ts';
import { waitAtMost } from '../../timing/wait-at-most.ts';
import { BULL_BACKOFF_STRATEGY, computeBullBackoff, type BullBackoffOptions } from './bull-backoff.ts';
import { connectQueueRegistry } from './connect-queue-registry.ts';
import { whileRedisReachable } from './while-redis-reachable.ts';

/** Options of {@link openBullQueue}. */
export interface BullQueueOptions {
  redisUrl: string;
  /** Key prefix of every queue (default `omniloom`); a random one isolates a test run. */
  prefix?: string;
  logger?: Logger;
  /**
   * Lock of a running job; a job whose process died runs again once it expires
   * and a stalled-job check sees it (default 30 s, bull's own default).
   */
  visibilityTimeoutMs?: number;
  /**
   * How long `add` and the other calls wait for Redis, reconnecting included, before they fail with a
   * QueueUnavailableError (default 2 s: below the 3 s a Slack webhook waits for its answer).
   */
  redisTimeoutMs?: number;
}

/** How long /healthz waits for Redis to answer PING. */
const HEALTH_PING_TIMEOUT_MS = 1_000;

/**
 * Opens the Redis-backed queue: one bull queue per queue name, created on first
 * use. Fails fast with a ConfigError when Redis does not answer at startup;
 * afterwards calls fail with a QueueUnavailableError while it is unreachable,
 * and workers carry on once it is back.
 */
export async function openBullQueue(options: BullQueueOptions): Promise<JobQueue> {
  const logger = options.logger ?? silentLogger();
  const prefix = options.prefix ?? 'omniloom';
  const redisTimeoutMs = options.redisTimeoutMs ?? 2_000;
  const registry = await connectQueueRegistry(options.redisUrl, prefix, logger);
  const lockDuration = options.visibilityTimeoutMs ?? 30_000;
  const settings: Bull.AdvancedSettings = {
    lockDuration,
    stalledInterval: options.visibilityTimeoutMs ? Math.max(100, Math.round(lockDuration / 2)) : 30_000,
    maxStalledCount: 1,
    backoffStrategies: { [BULL_BACKOFF_STRATEGY]: computeBullBackoff },
  };

  const queues = new Map<string, Bull.Queue>();
  const processing = new Set<string>();
  /** Handlers running in this process, so a close while Redis is away can still wait for them. */
  const running = new Set<Promise<void>>();
  let closing: Promise<void> | undefined;

  const openQueue = (name: string): Bull.Queue => {
    if (closing) throw new Error('The queue is closed');
    const opened = queues.get(name);
    if (opened) return opened;
    const queue = new Bull(name, options.redisUrl, {
      prefix,
      settings,
      redis: { retryStrategy: reconnectDelayMs },
    });
    queue.on('error', (error) => {
      // The registry's connection reports an outage once; every client of every queue would repeat it.
      if (isRedisConnectionError(error)) return;
      logger.error({ err: error, queue: name }, 'bull queue error');
    });
    queues.set(name, queue);
    return queue;
  };

  /** Stops every bull queue; false when running jobs did not finish within `timeoutMs`. */
  const stopQueues = async (all: Bull.Queue[], timeoutMs: number): Promise<boolean> => {
    if (registry.client.status === 'ready') {
      return waitAtMost(Promise.all(all.map((queue) => queue.close())), timeoutMs);
    }
    // bull's graceful close waits until running jobs are recorded in Redis, which cannot happen while it is
    // away, and meanwhile leaves a rejected reconnect unhandled, which crashes the process. Our own handlers
    // can still finish; their jobs run again once Redis is back (handlers are idempotent).
    const finished = await waitAtMost(Promise.allSettled(running), timeoutMs);
    await waitAtMost(Promise.all(all.map((queue) => queue.close(true))), 1_000);
    return finished;
  };

  /** Runs `work` on the registry while Redis is reachable, within `timeoutMs`. */
  const withRegistry = <R>(work: () => Promise<R>, timeoutMs = redisTimeoutMs): Promise<R> =>
    whileRedisReachable(() => [registry.client], timeoutMs, work);

  /** Runs `work` on the named queue while Redis is reachable, within `redisTimeoutMs`. */
  const withQueue = <R>(name: string, work: (queue: Bull.Queue) => Promise<R>): Promise<R> => {
    const queue = openQueue(name);
    return whileRedisReachable(
      () => [registry.client, queue.client],
      redisTimeoutMs,
      async () => {
        await registry.remember(name);
        return work(queue);
      },
    );
  };

  return {
    kind: 'bull',

    async add<T>(name: string, data: T, enqueue?: EnqueueOptions): Promise<EnqueueResult> {
      const resolved = resolveEnqueueOptions(enqueue);
      return withQueue(name, async (queue) => {
        // Our own ids for every job: bull's counter ids are integers that a caller's jobId could collide with.
        const id = resolved.jobId ?? randomUUID();
        // bull's add ignores an existing id silently; looking first is how we can report it (two racing adds may both say new).
        if (resolved.jobId && (await queue.getJob(id))) return { id, duplicate: true };
        const backoff: { type: string; options: BullBackoffOptions } = {
          type: BULL_BACKOFF_STRATEGY,
          options: { backoffMs: resolved.backoffMs },
        };
        await queue.add(data, {
          jobId: id,
          attempts: resolved.attempts,
          backoff,
          delay: resolved.delayMs > 0 ? resolved.delayMs : undefined,
          // Completed jobs stay long enough to block redeliveries; failed ones stay as dead letters.
          removeOnComplete: { age: Math.ceil(COMPLETED_RETENTION_MS / 1000) },
          removeOnFail: false,
        });
        return { id, duplicate: false };
      });
    },

    process<T>(name: string, handler: JobHandler<T>, processOptions?: { concurrency?: number }): void {
      if (closing) throw new Error('The queue is closed');
      if (processing.has(name)) throw new Error(`Queue "${name}" already has a handler in this process`);
      const concurrency = processOptions?.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
      }
      processing.add(name);
      const bull = openQueue(name);
      registry
        .remember(name)
        .catch((error: unknown) =>
          logger.warn({ err: error, queue: name }, 'could not record the queue name'),
        );
      const started = Promise.resolve(
        bull.process(concurrency, async (job: Bull.Job<T>) => {
          const attempt = job.attemptsMade + 1;
          // A Redis that restarted without its data can still hand out the id of a job whose hash is gone.
          if (job.data === undefined || job.data === null || !Number.isFinite(job.timestamp)) {
            logger.warn({ queue: name, jobId: String(job.id) }, 'job data is missing from Redis (was its data lost?); skipped');
            return;
          }
          try {
            const run = handler({
              id: String(job.id),
              queue: name,
              data: job.data,
              attempt,
              maxAttempts: job.opts.attempts ?? 1,
              createdAt: new Date(job.timestamp).toISOString(),
            });
            running.add(run);
            await run.finally(() => running.delete(run));
          } catch (error) {
            const context = { err: error, queue: name, jobId: String(job.id), attempt };
            if (isPermanentJobError(error)) job.discard();
            logger.warn(context, 'job failed');
            // bull keeps `error.message` as the failure reason, so anything thrown must become an Error.
            throw error instanceof Error ? error : new Error(describeJobError(error));
          }
        }),
      );
      started.catch((error: unknown) => logger.error({ err: error, queue: name }, 'bull worker stopped'));
    },

    async counts(name: string): Promise<QueueCounts> {
      const counts = await withQueue(name, (queue) => queue.getJobCounts());
      const paused = (counts as Bull.JobCounts & { paused?: number }).paused ?? 0;
      return {
        waiting: counts.waiting + paused,
        active: counts.active,
        delayed: counts.delayed,
        dead: counts.failed,
      };
    },

    async deadLetters(name?: string): Promise<DeadLetter[]> {
      const names = name === undefined ? await withRegistry(() => registry.names()) : [name];
      const letters: DeadLetter[] = [];
      for (const queueName of names) {
        const failed = await withQueue(queueName, (queue) => queue.getFailed());
        for (const job of failed) {
          letters.push({
            id: String(job.id),
            queue: queueName,
            data: job.data as unknown,
            attempts: job.attemptsMade,
            error: job.failedReason ?? '',
            failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
          });
        }
      }
      return letters.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
    },

    async retryDeadLetter(name: string, id: string): Promise<boolean> {
      return withQueue(name, async (queue) => {
        const job = await queue.getJob(id);
        if (!job || !(await job.isFailed())) return false;
        // bull's retry keeps attemptsMade, which would dead-letter the job on its next failure; the port promises a fresh budget.
        await queue.client.hset(queue.toKey(id), 'attemptsMade', 0);
        try {
          await job.retry();
          return true;
        } catch (error) {
          logger.warn({ err: error, queue: name, jobId: id }, 'could not retry dead letter');
          return false;
        }
      });
    },

    async health(): Promise<QueueHealth> {
      if (closing) return { ok: false, problem: 'the job queue is closing' };
      // Every connection counts: a worker whose blocking client is still reconnecting takes no jobs.
      const clients = [registry.client, ...[...queues.values()].flatMap((queue) => queue.clients)];
      if (clients.some((client) => client.status !== 'ready')) {
        return { ok: false, problem: 'the job queue cannot reach Redis' };
      }
      try {
        await withRegistry(() => registry.ping(), HEALTH_PING_TIMEOUT_MS);
        return { ok: true };
      } catch {
        return { ok: false, problem: 'Redis does not answer the job queue' };
      }
    },

    close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
      closing ??= (async () => {
        const all = [...queues.values()];
        if (!(await stopQueues(all, timeoutMs))) {
          logger.warn({ timeoutMs }, 'closing the queue with jobs still running; they will run again');
        }
        all.forEach((queue) => queue.clients.forEach((client) => client.disconnect()));
        await registry.close();
      })();
      return closing;
    },
  };
}
