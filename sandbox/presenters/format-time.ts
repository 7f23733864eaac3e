/** `time.to_i`: whole unix seconds; nil becomes 0 like Ruby's `nil.to_i`. */
export function unixSeconds(date: Date | null | undefined): number {
  return date ? Math.floor(date.getTime() / 1000) : 0;
}

/** `time.to_f`: unix seconds with a fraction. */
export function unixFloat(date: Date): number {
  return date.getTime() / 1000;
}

/** A Rails time serialised to JSON: ISO-8601 with milliseconds, or null. */
export function isoTime(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** Serialise a change-set value the way Rails' JSON encoder does (times become ISO strings). */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value;
}
