import { invalidRecord } from './store-errors.ts';

/**
 * Rewrites a timestamp as `Date#toISOString()` (UTC, milliseconds, `Z`) so
 * time ranges can compare stored strings lexicographically whatever offset
 * or precision the caller used.
 */
export function normalizeTime(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalidRecord(`${field} is not a valid timestamp: ${value}`);
  return new Date(ms).toISOString();
}
