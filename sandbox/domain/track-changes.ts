import { isDeepStrictEqual } from 'node:util';
import type { ChangeSet } from '../events/record-events.ts';

/** Whether two attribute values are equal the way Rails dirty tracking compares them. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  return isDeepStrictEqual(a, b);
}

/** Find the entry of one attribute in a change set. */
export function changeOf(changes: ChangeSet, attribute: string): [unknown, unknown] | undefined {
  return changes.find(([name]) => name === attribute)?.[1];
}

/** Copy a JSON-like value so later mutation of the record does not alter a recorded change. */
export function snapshot<T>(value: T): T {
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value === null || typeof value !== 'object') return value;
  return structuredClone(value);
}
