import type { KeyValueStore } from '../store.ts';
import type { KeyValueDoc, StoreModels } from './models.ts';

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
  };
}
