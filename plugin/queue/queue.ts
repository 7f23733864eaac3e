/**
 * The queue port: durable background jobs with deduplication, retries with
 * exponential backoff, delays, per-queue concurrency and a dead-letter list.
 *
 * Two adapters: an embedded one stored in the SQLite file (default) and bull
 * on Redis (`REDIS_URL`). Delivery is at-least-once; handlers make themselves
 * idempotent (see `IdempotencyStore`), and a job whose process dies mid-run is
 * picked up again after restart.
 */

export type QueueKind = 'embedded' | 'bull';

export interface EnqueueOptions {
  /** Jobs with the same id in the same queue are enqueued once (redeliveries are dropped). */
  jobId?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** Total tries before the job is dead-lettered (default 5). */
  attempts?: number;
  /** First retry delay; doubles each attempt (default 1000 ms). */
  backoffMs?: number;
}

export interface EnqueueResult {
  id: string;
  /** True when a job with this id already existed and nothing new was queued. */
  duplicate: boolean;
}

export interface Job<T = unknown> {
  id: string;
  queue: string;
  data: T;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  createdAt: string;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

/**
 * Thrown by a handler to ask for a retry at a specific time (for example a
 * 429 with Retry-After) instead of the exponential schedule.
 */
export class RetryLaterError extends Error {
  readonly delayMs: number;
  constructor(message: string, delayMs: number) {
    super(message);
    this.name = 'RetryLaterError';
    this.delayMs = delayMs;
  }
}

/** Thrown by a handler when retrying cannot help: the job goes straight to dead letters. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export interface DeadLetter<T = unknown> {
  id: string;
  queue: string;
  data: T;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  dead: number;
}

/** Whether the queue can take jobs right now; `problem` is safe to show unauthenticated (no URLs). */
export type QueueHealth = { ok: true } | { ok: false; problem: string };

export interface JobQueue {
  readonly kind: QueueKind;
  /**
   * Stores a job durably; resolves only once it is stored.
   * @throws QueueUnavailableError when the queue's storage cannot be reached; nothing was stored then, or
   *   (if the storage answers late) a job that the same `jobId` reports as a duplicate on the next try.
   */
  add<T>(queue: string, data: T, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Starts workers for `queue`; call once per queue per process. */
  process<T>(queue: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  counts(queue: string): Promise<QueueCounts>;
  deadLetters(queue?: string): Promise<DeadLetter[]>;
  /** Moves a dead letter back to waiting with a fresh attempt budget. */
  retryDeadLetter(queue: string, id: string): Promise<boolean>;
  /** Answers quickly (bounded wait) whether jobs can be enqueued and run now; `/healthz` reports it. */
  health(): Promise<QueueHealth>;
  /** Stops taking new jobs and waits for running ones (up to `timeoutMs`), then releases resources. */
  close(timeoutMs?: number): Promise<void>;
}
