/**
 * Partial updates follow one rule in both adapters: a key holding a value sets
 * the field, a key holding `undefined` clears the field when it is optional
 * (listed in `clearable`) and is ignored when it is required, and a missing
 * key leaves the field alone.
 */
export function applyPatch<T extends object>(
  existing: T,
  patch: Partial<T>,
  clearable: readonly (keyof T)[],
): T {
  const next = { ...existing };
  for (const [key, value] of Object.entries(patch) as Array<[keyof T, T[keyof T] | undefined]>) {
    if (value !== undefined) next[key] = value;
    else if (clearable.includes(key)) delete next[key];
  }
  return next;
}

/** The same rule split into fields to set and fields to remove (MongoDB `$set` / `$unset`). */
export function splitPatch<T extends object>(
  patch: Partial<T>,
  clearable: readonly (keyof T)[],
): { set: Partial<T>; unset: Array<keyof T> } {
  const set: Partial<T> = {};
  const unset: Array<keyof T> = [];
  for (const [key, value] of Object.entries(patch) as Array<[keyof T, T[keyof T] | undefined]>) {
    if (value !== undefined) set[key] = value;
    else if (clearable.includes(key)) unset.push(key);
  }
  return { set, unset };
}
