import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The queue's tables. The SQLite file is shared with the storage adapter, so
 * every table and index here starts with `queue_` and the queue keeps its own
 * migration bookkeeping in `queue_migrations`.
 */
const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'create queue_jobs',
    sql: `
      CREATE TABLE queue_jobs (
        queue TEXT NOT NULL,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting', 'active', 'completed', 'dead')),
        attempt INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        backoff_ms INTEGER NOT NULL,
        run_at INTEGER NOT NULL,
        locked_until INTEGER,
        lease_token TEXT,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        PRIMARY KEY (queue, id)
      );
      CREATE INDEX queue_jobs_due ON queue_jobs (queue, state, run_at);
      CREATE INDEX queue_jobs_lease ON queue_jobs (state, locked_until);
      CREATE INDEX queue_jobs_finished ON queue_jobs (state, finished_at);
    `,
  },
];

/**
 * Brings the queue tables up to date. Runs in one IMMEDIATE transaction so two
 * processes opening the same file at once cannot both apply a migration.
 */
export function migrateQueueSchema(db: Database.Database, now: number): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE IF NOT EXISTS queue_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )
    `);
    const row = db.prepare('SELECT MAX(version) AS version FROM queue_migrations').get() as {
      version: number | null;
    };
    const current = row.version ?? 0;
    const record = db.prepare('INSERT INTO queue_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now);
    }
  }).immediate();
}
