import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, type Logger } from '../../logger.ts';
import { COMPLETED_RETENTION_MS, DEFAULT_CLOSE_TIMEOUT_MS, resolveEnqueueOptions } from '../job-defaults.ts';
import type {
  DeadLetter,
  EnqueueOptions,
  EnqueueResult,
  JobHandler,
  JobQueue,
  QueueCounts,
  QueueHealth,
} from '../queue.ts';
import { JobTable } from './job-table.ts';
import { migrateQueueSchema } from './migrate-queue-schema.ts';
import { QueueWorker } from './queue-worker.ts';
import { waitAtMost } from '../../timing/wait-at-most.ts';

/** Options of {@link openEmbeddedQueue}. */
export interface EmbeddedQueueOptions {
  /** The SQLite file (shared with the storage adapter; the queue only touches `queue_*` tables). */
  file: string;
  logger?: Logger;
  /** How often to look for jobs added by other processes or becoming due (default 1000 ms). */
  pollIntervalMs?: number;
  /** Current time in ms since the epoch; injectable for tests. */
  clock?: () => number;
  /** Lease of a running job; a job whose process died runs again once it expires (default 30 s). */
  visibilityTimeoutMs?: number;
  /** How long completed job ids keep blocking re-enqueues (default 24 h). */
  completedRetentionMs?: number;
  /** How long to wait for a locked database before failing a statement (default 5000 ms). */
  busyTimeoutMs?: number;
}

/** Pruning completed jobs is housekeeping; once a minute is plenty. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Opens the default queue: durable jobs in the SQLite file, over a connection
 * of its own (WAL, busy timeout). Jobs whose lease ran out while their process
 * was gone become runnable again right away.
 */
export async function openEmbeddedQueue(options: EmbeddedQueueOptions): Promise<JobQueue> {
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? Date.now;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  const retentionMs = options.completedRetentionMs ?? COMPLETED_RETENTION_MS;

  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma(`busy_timeout = ${Math.round(options.busyTimeoutMs ?? 5000)}`);
    db.pragma('journal_mode = WAL');
    // NORMAL is crash-safe in WAL mode (a killed process loses nothing); only a power cut can drop the last commits.
    db.pragma('synchronous = NORMAL');
    migrateQueueSchema(db, clock());
  } catch (error) {
    db.close();
    throw error;
  }
  const table = new JobTable(db);
  const recovered = table.recoverExpiredLeases(clock());
  if (recovered > 0) logger.info({ recovered }, 'jobs left running by a stopped process are runnable again');

  const workers = new Map<string, QueueWorker>();
  let closing: Promise<void> | undefined;
  let lastPrune = 0;

  const maintain = (): void => {
    try {
      const now = clock();
      if (table.recoverExpiredLeases(now) > 0) workers.forEach((worker) => worker.wake());
      if (now - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now;
        table.pruneCompleted(now - retentionMs);
      }
    } catch (error) {
      logger.error({ err: error }, 'queue housekeeping failed; retrying');
    }
  };
  const maintenance = setInterval(maintain, pollIntervalMs);
  maintenance.unref();

  const assertOpen = (): void => {
    if (closing) throw new Error('The queue is closed');
  };

  return {
    kind: 'embedded',

    async add<T>(queue: string, data: T, enqueue?: EnqueueOptions): Promise<EnqueueResult> {
      assertOpen();
      const resolved = resolveEnqueueOptions(enqueue);
      const id = resolved.jobId ?? randomUUID();
      const now = clock();
      const inserted = table.insert(queue, id, data, resolved, now, now - retentionMs);
      if (inserted) workers.get(queue)?.wake();
      return { id, duplicate: !inserted };
    },

    process<T>(queue: string, handler: JobHandler<T>, processOptions?: { concurrency?: number }): void {
      assertOpen();
      if (workers.has(queue)) throw new Error(`Queue "${queue}" already has a handler in this process`);
      const concurrency = processOptions?.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
      }
      const worker = new QueueWorker({
        table,
        queue,
        handler: handler as JobHandler,
        concurrency,
        logger,
        clock,
        pollIntervalMs,
        visibilityTimeoutMs,
      });
      workers.set(queue, worker);
      worker.start();
    },

    async counts(queue: string): Promise<QueueCounts> {
      assertOpen();
      return table.counts(queue, clock());
    },

    async deadLetters(queue?: string): Promise<DeadLetter[]> {
      assertOpen();
      return table.deadLetters(queue);
    },

    async retryDeadLetter(queue: string, id: string): Promise<boolean> {
      assertOpen();
      const revived = table.revive(queue, id, clock());
      if (revived) workers.get(queue)?.wake();
      return revived;
    },

    async health(): Promise<QueueHealth> {
      // The jobs live in the same SQLite file as everything else: if this process runs, the queue can take them.
      return closing ? { ok: false, problem: 'the job queue is closing' } : { ok: true };
    },

    close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS): Promise<void> {
      closing ??= (async () => {
        clearInterval(maintenance);
        workers.forEach((worker) => worker.stop());
        const drained = await waitAtMost(
          Promise.all([...workers.values()].map((worker) => worker.idle())),
          timeoutMs,
        );
        if (!drained) {
          const stillRunning = [...workers.values()].reduce((sum, worker) => sum + worker.activeCount, 0);
          logger.warn(
            { stillRunning, timeoutMs },
            'closing the queue with jobs still running; they will run again',
          );
        }
        workers.forEach((worker) => worker.release());
        db.close();
      })();
      return closing;
    },
  };
}
