import { PermanentJobError, RetryLaterError } from './queue.ts';

/** What happens to a job after its handler threw. */
export type RetryPlan = { kind: 'retry'; delayMs: number } | { kind: 'dead' };

/**
 * Recognises a `RetryLaterError` even when it comes from another copy of the
 * queue module (the name and `delayMs` are the contract, not the prototype).
 */
export function isRetryLaterError(error: unknown): error is RetryLaterError {
  return (
    error instanceof RetryLaterError ||
    (error instanceof Error &&
      error.name === 'RetryLaterError' &&
      typeof (error as { delayMs?: unknown }).delayMs === 'number')
  );
}

/** Recognises a `PermanentJobError`, also across copies of the queue module. */
export function isPermanentJobError(error: unknown): error is PermanentJobError {
  return error instanceof PermanentJobError || (error instanceof Error && error.name === 'PermanentJobError');
}

/** The exponential schedule: `backoffMs` after the first failure, doubling after each later one. */
export function exponentialBackoffMs(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}

/**
 * Decides between another try and the dead-letter list. `attempt` is the run
 * that just failed (1 on the first run). A `RetryLaterError` still spends an
 * attempt, so a remote API that keeps answering 429 cannot hold a job forever.
 */
export function planRetry(
  error: unknown,
  attempt: number,
  maxAttempts: number,
  backoffMs: number,
): RetryPlan {
  if (isPermanentJobError(error) || attempt >= maxAttempts) return { kind: 'dead' };
  if (isRetryLaterError(error)) return { kind: 'retry', delayMs: Math.max(0, error.delayMs) };
  return { kind: 'retry', delayMs: exponentialBackoffMs(backoffMs, attempt) };
}

/** The text kept on a dead letter: the error message, or the thrown value itself. */
export function describeJobError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
