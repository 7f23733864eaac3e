/** A `$unset` clause for `keys`, or nothing when there are none (an empty `$unset` is an error). */
export function unsetFields(keys: readonly PropertyKey[]): { $unset?: Record<string, 1> } {
  return keys.length === 0
    ? {}
    : { $unset: Object.fromEntries(keys.map((key) => [String(key), 1 as const])) };
}
