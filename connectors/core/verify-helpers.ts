/**
 * Crypto building blocks shared by connector `verify()` implementations.
 * Every comparison of a secret or signature goes through `timingSafeEqual`
 * on buffers of equal length, so neither content nor length leaks through
 * an early return.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `data` keyed with `secret`, as lowercase hex. */
export function hmacSha256Hex(secret: string | Buffer, data: string | Buffer): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/**
 * Constant-time equality of two byte strings. Inputs of different length are
 * still compared in full (against themselves) before returning false, so the
 * time taken does not depend on where they differ.
 */
export function constantTimeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
  const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

/** Reads a header case-insensitively (Node lowercases names, hand-built requests may not). */
export function readHeader(headers: Record<string, string | undefined>, name: string): string | undefined {
  const direct = headers[name] ?? headers[name.toLowerCase()];
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Parses a Unix timestamp in whole seconds; undefined for anything that is not a plain integer. */
export function parseUnixSeconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,12}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/**
 * True when `timestampSeconds` lies within `windowSeconds` of `now`, in either
 * direction: a replayed request is refused once it is older than the window,
 * and a clock far in the future is just as suspicious.
 */
export function isWithinWindow(timestampSeconds: number, now: Date, windowSeconds: number): boolean {
  return Math.abs(now.getTime() / 1000 - timestampSeconds) <= windowSeconds;
}

/** Five minutes: the replay window Slack documents and that Discord's examples use. */
export const DEFAULT_SIGNATURE_WINDOW_SECONDS = 300;
