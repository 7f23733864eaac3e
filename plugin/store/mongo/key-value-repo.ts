import type { KeyValueStore } from '../store.ts';
import { notAnInteger } from '../store-errors.ts';
import type { KeyValueDoc, StoreModels } from './models.ts';
import { retryOnDuplicate } from './retry-on-duplicate.ts';

/** MongoDB's code for a failed `$convert`/`$toLong` (e.g. a string that is not an integer). */
const CONVERSION_FAILURE = 241;

const isConversionFailure = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === CONVERSION_FAILURE;

/** Namespaced JSON values in MongoDB (stored as JSON text, as in SQLite). */
export function createKeyValueRepo(models: StoreModels): KeyValueStore {
  const { keyValues } = models;
  return {
    async get<T>(namespace: string, key: string) {
      const doc = await keyValues.findOne({ namespace, key }).lean<KeyValueDoc>();
      return doc ? (JSON.parse(doc.value) as T) : undefined;
    },
    async set<T>(namespace: string, key: string, value: T) {
      if (value === undefined) {
        await keyValues.deleteOne({ namespace, key });
        return;
      }
      await keyValues.updateOne(
        { namespace, key },
        { $set: { value: JSON.stringify(value), updatedAt: new Date().toISOString() } },
        { upsert: true },
      );
    },
    async delete(namespace, key) {
      await keyValues.deleteOne({ namespace, key });
    },
    async increment(namespace, key) {
      // `$inc` cannot add to the JSON text kept in `value`, so an update pipeline parses, adds and writes it
      // back in one atomic document update; `$toLong` fails on anything but an integer (a missing value is 0).
      const bump = [
        {
          $set: {
            value: { $toString: { $add: [{ $toLong: { $ifNull: ['$value', '0'] } }, 1] } },
            updatedAt: { $literal: new Date().toISOString() },
          },
        },
      ];
      try {
        const doc = await retryOnDuplicate(() =>
          keyValues
            .findOneAndUpdate({ namespace, key }, bump, {
              upsert: true,
              returnDocument: 'after',
              updatePipeline: true,
            })
            .lean<KeyValueDoc>(),
        );
        if (!doc) throw new Error(`increment of ${namespace} ${key} returned no document`);
        return JSON.parse(doc.value) as number;
      } catch (error) {
        if (isConversionFailure(error)) throw notAnInteger(namespace, key);
        throw error;
      }
    },
  };
}
