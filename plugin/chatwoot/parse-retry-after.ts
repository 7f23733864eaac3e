/**
 * Reads an HTTP `Retry-After` value, which is either delta-seconds or an
 * HTTP-date (RFC 9110 §10.2.3), and returns how long to wait in milliseconds.
 * Returns undefined when the header is absent or unreadable, so the caller
 * falls back to its own backoff. Dates in the past mean "retry now" (0).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Only accept something that looks like a date; Date.parse alone would read "1.5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
