import type { KeyValueStore } from '../store.ts';
import { fromJson, toJson } from './encode-columns.ts';
import type { SqliteDatabase } from './open-database.ts';

/** Namespaced JSON values in SQLite. */
export function createKeyValueRepo(db: SqliteDatabase): KeyValueStore {
  const read = db.prepare<[string, string], { value: string }>(
    'SELECT value FROM kv_entries WHERE namespace = ? AND key = ?',
  );
  const write = db.prepare(`INSERT INTO kv_entries (namespace, key, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const remove = db.prepare('DELETE FROM kv_entries WHERE namespace = ? AND key = ?');

  return {
    async get<T>(namespace: string, key: string) {
      const row = read.get(namespace, key);
      return row ? fromJson<T>(row.value) : undefined;
    },
    async set<T>(namespace: string, key: string, value: T) {
      if (value === undefined) {
        remove.run(namespace, key);
        return;
      }
      write.run(namespace, key, toJson(value), new Date().toISOString());
    },
    async delete(namespace, key) {
      remove.run(namespace, key);
    },
  };
}
