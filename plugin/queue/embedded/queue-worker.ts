import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import type { JobHandler } from '../queue.ts';
import { describeJobError, planRetry } from '../plan-retry.ts';
import type { ClaimedJob, JobTable } from './job-table.ts';

/** What a worker needs from the queue that owns it. */
export interface QueueWorkerOptions {
  table: JobTable;
  queue: string;
  handler: JobHandler;
  concurrency: number;
  logger: Logger;
  clock: () => number;
  pollIntervalMs: number;
  visibilityTimeoutMs: number;
}

/**
 * Runs the handler of one queue with at most `concurrency` jobs at a time.
 * It claims jobs as soon as it is woken (an `add` in this process, a finished
 * job) and otherwise polls, sleeping no longer than until the next job is due.
 * While a handler runs, its lease is renewed so only a dead process loses it.
 */
export class QueueWorker {
  private readonly running = new Map<string, ClaimedJob>();
  private readonly idleWaiters: Array<() => void> = [];
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private wakeScheduled = false;
  private stopped = false;

  constructor(private readonly options: QueueWorkerOptions) {}

  /** Starts claiming jobs. */
  start(): void {
    const renewEveryMs = Math.max(10, Math.floor(this.options.visibilityTimeoutMs / 3));
    this.heartbeat = setInterval(() => this.renewLeases(), renewEveryMs);
    this.heartbeat.unref();
    this.wake();
  }

  /** Looks for due jobs on the next turn of the event loop. */
  wake(): void {
    if (this.stopped || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      this.pump();
    });
  }

  /** Stops claiming new jobs; running handlers carry on. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
  }

  /** Resolves once no handler is running. */
  idle(): Promise<void> {
    if (this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** How many handlers are running now. */
  get activeCount(): number {
    return this.running.size;
  }

  /** Stops renewing leases; call once the connection is about to close. */
  release(): void {
    clearInterval(this.heartbeat);
  }

  private pump(): void {
    if (this.stopped) return;
    clearTimeout(this.pollTimer);
    const { table, queue, clock, pollIntervalMs, concurrency, visibilityTimeoutMs } = this.options;
    let sleepMs = pollIntervalMs;
    try {
      while (this.running.size < concurrency) {
        const now = clock();
        // Look before claiming: the claim takes the write lock, and most polls find nothing due.
        const nextRunAt = table.nextRunAt(queue);
        if (nextRunAt === undefined) break;
        if (nextRunAt > now) {
          sleepMs = Math.min(pollIntervalMs, nextRunAt - now);
          break;
        }
        const job = table.claim(queue, now, now + visibilityTimeoutMs, randomUUID());
        if (job) this.run(job);
      }
    } catch (error) {
      this.options.logger.error(
        { err: error, queue },
        'could not claim jobs from the SQLite queue; retrying',
      );
    }
    this.pollTimer = setTimeout(() => this.pump(), sleepMs);
  }

  private run(job: ClaimedJob): void {
    this.running.set(job.leaseToken, job);
    void this.execute(job).finally(() => {
      this.running.delete(job.leaseToken);
      if (this.running.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      this.wake();
    });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const { handler, logger } = this.options;
    try {
      await handler({
        id: job.id,
        queue: job.queue,
        data: job.data,
        attempt: job.attempt,
        maxAttempts: job.maxAttempts,
        createdAt: new Date(job.createdAt).toISOString(),
      });
    } catch (error) {
      this.settleFailure(job, error);
      return;
    }
    if (!this.options.table.isOpen) return;
    try {
      if (!this.options.table.complete(job, this.options.clock())) {
        logger.warn(
          { queue: job.queue, jobId: job.id },
          'job finished after its lease expired; it may run again',
        );
      }
    } catch (error) {
      logger.error(
        { err: error, queue: job.queue, jobId: job.id },
        'could not mark job completed; it will run again',
      );
    }
  }

  private settleFailure(job: ClaimedJob, error: unknown): void {
    const { table, logger, clock } = this.options;
    if (!table.isOpen) return;
    const plan = planRetry(error, job.attempt, job.maxAttempts, job.backoffMs);
    const text = describeJobError(error);
    const context = { err: error, queue: job.queue, jobId: job.id, attempt: job.attempt };
    try {
      if (plan.kind === 'dead') {
        table.bury(job, clock(), text);
        logger.error(context, 'job moved to dead letters');
      } else {
        table.reschedule(job, clock() + plan.delayMs, text);
        logger.warn({ ...context, retryInMs: plan.delayMs }, 'job failed; retrying');
      }
    } catch (dbError) {
      logger.error({ err: dbError, queue: job.queue, jobId: job.id }, 'could not record job failure');
    }
  }

  private renewLeases(): void {
    const { table, clock, visibilityTimeoutMs, logger } = this.options;
    if (!table.isOpen) return;
    for (const job of this.running.values()) {
      try {
        if (!table.renew(job, clock() + visibilityTimeoutMs)) {
          logger.warn({ queue: job.queue, jobId: job.id }, 'lost the lease of a running job');
        }
      } catch (error) {
        logger.error({ err: error, queue: job.queue, jobId: job.id }, 'could not renew job lease');
      }
    }
  }
}
