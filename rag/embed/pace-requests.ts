/** Waits until a request may start. */
export type RequestPacer = () => Promise<void>;

/**
 * A simple rate limiter: spaces request starts at least `60 000 / perMinute`
 * ms apart (requests queue in call order). `perMinute` ≤ 0 disables pacing.
 */
export function createRequestPacer(
  perMinute: number,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): RequestPacer {
  if (!(perMinute > 0)) return async () => {};
  const interval = 60_000 / perMinute;
  let next = 0;
  return async () => {
    const now = clock.now();
    const start = Math.max(now, next);
    next = start + interval;
    if (start > now) await clock.sleep(start - now);
  };
}
