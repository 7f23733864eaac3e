/**
 * How long a Redis client waits before its next reconnect attempt: quickly at first, then every 2 s at most.
 * bull's own default grows to 20 s between attempts, so after a restart that lasted a few seconds its queues
 * would sit idle for up to 20 s more although Redis was back.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 200, 2_000);
}
