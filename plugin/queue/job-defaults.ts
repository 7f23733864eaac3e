import type { EnqueueOptions } from './queue.ts';

/** Tries per job when the caller does not say (see `EnqueueOptions.attempts`). */
export const DEFAULT_ATTEMPTS = 5;

/** First retry delay when the caller does not say (see `EnqueueOptions.backoffMs`). */
export const DEFAULT_BACKOFF_MS = 1000;

/**
 * How long a completed job id keeps blocking re-enqueues. Channels redeliver
 * webhooks for hours (Meta retries for up to 36h with growing gaps, most of
 * them inside the first day), so a day covers the redeliveries that matter.
 */
export const COMPLETED_RETENTION_MS = 24 * 60 * 60 * 1000;

/** How long `close()` waits for running handlers when the caller does not say. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;

/** Enqueue options with every default applied and every value checked. */
export interface ResolvedEnqueueOptions {
  jobId?: string;
  delayMs: number;
  attempts: number;
  backoffMs: number;
}

/**
 * Applies defaults to `EnqueueOptions` and rejects values no adapter can honour
 * (a wrong value is a programming error, so it throws instead of guessing).
 */
export function resolveEnqueueOptions(options: EnqueueOptions = {}): ResolvedEnqueueOptions {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
  const delayMs = options.delayMs ?? 0;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a positive integer, got ${attempts}`);
  }
  if (!Number.isFinite(backoffMs) || backoffMs < 0) {
    throw new RangeError(`backoffMs must be a non-negative number, got ${backoffMs}`);
  }
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`delayMs must be a non-negative number, got ${delayMs}`);
  }
  if (options.jobId !== undefined && options.jobId.length === 0) {
    throw new RangeError('jobId must not be empty');
  }
  return { jobId: options.jobId, delayMs: Math.round(delayMs), attempts, backoffMs: Math.round(backoffMs) };
}
