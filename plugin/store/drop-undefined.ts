/**
 * Removes keys whose value is `undefined`, so an absent optional field is
 * absent (not present-but-undefined) in every record an adapter returns and
 * records compare equal across adapters with a strict deep-equal.
 */
export function dropUndefined<T extends object>(record: T): T {
  for (const key of Object.keys(record) as Array<keyof T>) {
    if (record[key] === undefined) delete record[key];
  }
  return record;
}
