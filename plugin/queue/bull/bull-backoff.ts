import { exponentialBackoffMs, isRetryLaterError } from '../plan-retry.ts';

/** The name of our backoff strategy in bull's `settings.backoffStrategies`. */
export const BULL_BACKOFF_STRATEGY = 'omniloom';

/** Stored on each job as `backoff.options`; bull hands it back to the strategy. */
export interface BullBackoffOptions {
  backoffMs: number;
}

/**
 * Bull's built-in exponential backoff waits `(2^n - 1) * delay`; the queue port
 * promises `backoffMs * 2^(attempt - 1)`, and a `RetryLaterError` names its own
 * delay. bull calls this only while attempts remain and the job was not discarded.
 * @param attemptsMade failed runs so far, including the one that just failed.
 */
export function computeBullBackoff(
  attemptsMade: number,
  error: Error,
  options: BullBackoffOptions | null | undefined,
): number {
  if (isRetryLaterError(error)) return Math.max(0, error.delayMs);
  return exponentialBackoffMs(options?.backoffMs ?? 0, attemptsMade);
}
