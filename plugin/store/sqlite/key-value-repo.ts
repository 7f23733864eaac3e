import type { KeyValueStore } from '../store.ts';
import { notAnInteger } from '../store-errors.ts';
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
  // One statement, so it is atomic across connections and processes sharing the file. Values are JSON text:
  // only a JSON integer is counted on; anything else makes the update's WHERE false and RETURNING empty.
  const increment = db.prepare<[string, string, string], { value: number }>(
    `INSERT INTO kv_entries (namespace, key, value, updated_at) VALUES (?, ?, '1', ?)
    ON CONFLICT (namespace, key) DO UPDATE
      SET value = CAST(CAST(kv_entries.value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at
      WHERE json_type(kv_entries.value) = 'integer'
    RETURNING CAST(value AS INTEGER) AS value`,
  );

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
    async increment(namespace, key) {
      const row = increment.get(namespace, key, new Date().toISOString());
      if (!row) throw notAnInteger(namespace, key);
      return row.value;
    },
  };
}
