/**
 * Removes what MongoDB adds to a lean document (`_id`) and turns `null`
 * fields into absent ones, so records read back compare equal to what was
 * written.
 */
export function stripMongoFields<T extends object>(doc: T & { _id?: unknown }): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '_id' || value === null || value === undefined) continue;
    out[key] = value;
  }
  return out as T;
}
