import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import { silentLogger, type Logger } from '../../logger.ts';
import { COMPLETED_RETENTION_MS, DEFAULT_CLOSE_TIMEOUT_MS, resolveEnqueueOptions } from '../job-defaults.ts';
import { describeJobError, isPermanentJobError } from '../plan-retry.ts';
import type {
  DeadLetter,
  EnqueueOptions,
  EnqueueResult,
  JobHandler,
  JobQueue,
  QueueCounts,
} from '../queue.ts';
import { waitAtMost } from '../wait-at-most.ts';
import { BULL_BACKOFF_STRATEGY, computeBullBackoff, type BullBackoffOptions } from './bull-backoff.ts';
import { connectQueueRegistry } from './connect-queue-registry.ts';

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
}

/**
 * Opens the Redis-backed queue: one bull queue per queue name, created on first
 * use. Fails fast with a ConfigError when Redis does not answer.
 */
export async function openBullQueue(options: BullQueueOptions): Promise<JobQueue> {
  const logger = options.logger ?? silentLogger();
  const prefix = options.prefix ?? 'omniloom';
  const registry = await connectQueueRegistry(options.redisUrl, prefix);
  const lockDuration = options.visibilityTimeoutMs ?? 30_000;
  const settings: Bull.AdvancedSettings = {
    lockDuration,
    stalledInterval: options.visibilityTimeoutMs ? Math.max(100, Math.round(lockDuration / 2)) : 30_000,
    maxStalledCount: 1,
    backoffStrategies: { [BULL_BACKOFF_STRATEGY]: computeBullBackoff },
  };

  const queues = new Map<string, Bull.Queue>();
  const processing = new Set<string>();
  let closing: Promise<void> | undefined;

  const queueFor = async (name: string): Promise<Bull.Queue> => {
    if (closing) throw new Error('The queue is closed');
    let queue = queues.get(name);
    if (!queue) {
      queue = new Bull(name, options.redisUrl, { prefix, settings });
      queue.on('error', (error) => logger.error({ err: error, queue: name }, 'bull queue error'));
      queues.set(name, queue);
    }
    await registry.remember(name);
    return queue;
  };

  return {
    kind: 'bull',

    async add<T>(name: string, data: T, enqueue?: EnqueueOptions): Promise<EnqueueResult> {
      const resolved = resolveEnqueueOptions(enqueue);
      const queue = await queueFor(name);
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
    },

    process<T>(name: string, handler: JobHandler<T>, processOptions?: { concurrency?: number }): void {
      if (closing) throw new Error('The queue is closed');
      if (processing.has(name)) throw new Error(`Queue "${name}" already has a handler in this process`);
      const concurrency = processOptions?.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
      }
      processing.add(name);
      const started = queueFor(name).then((queue) =>
        queue.process(concurrency, async (job: Bull.Job<T>) => {
          const attempt = job.attemptsMade + 1;
          try {
            await handler({
              id: String(job.id),
              queue: name,
              data: job.data,
              attempt,
              maxAttempts: job.opts.attempts ?? 1,
              createdAt: new Date(job.timestamp).toISOString(),
            });
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
      const counts = await (await queueFor(name)).getJobCounts();
      const paused = (counts as Bull.JobCounts & { paused?: number }).paused ?? 0;
      return {
        waiting: counts.waiting + paused,
        active: counts.active,
        delayed: counts.delayed,
        dead: counts.failed,
      };
    },

    async deadLetters(name?: string): Promise<DeadLetter[]> {
      const names = name === undefined ? await registry.names() : [name];
      const letters: DeadLetter[] = [];
      for (const queueName of names) {
        const failed = await (await queueFor(queueName)).getFailed();
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
      const queue = await queueFor(name);
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
    },

    close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
      closing ??= (async () => {
        const all = [...queues.values()];
        const drained = await waitAtMost(Promise.all(all.map((queue) => queue.close())), timeoutMs);
        if (!drained) {
          logger.warn({ timeoutMs }, 'closing the queue with jobs still running; they will run again');
          all.forEach((queue) => queue.clients.forEach((client) => client.disconnect()));
        }
        await registry.close();
      })();
      return closing;
    },
  };
}
