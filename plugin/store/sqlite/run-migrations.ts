import type { Logger } from '../../logger.ts';
import { ConfigError } from '../../errors.ts';
import type { SqliteDatabase } from './open-database.ts';
import type { Migration } from './migrations.ts';

/** Versions applied by this call (empty when the schema was already current). */
export interface MigrationResult {
  applied: number[];
  current: number;
}

/**
 * Brings the store's tables up to date. Each pending migration runs in its own
 * IMMEDIATE transaction that re-checks `store_migrations` after taking the
 * write lock, so two processes starting together apply each migration once.
 */
export function runMigrations(
  db: SqliteDatabase,
  migrations: readonly Migration[],
  logger: Logger,
): MigrationResult {
  assertOrdered(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS store_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const isApplied = db.prepare<[number], { version: number }>(
    'SELECT version FROM store_migrations WHERE version = ?',
  );
  const record = db.prepare('INSERT INTO store_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];

  for (const migration of migrations) {
    const ran = db
      .transaction(() => {
        if (isApplied.get(migration.version)) return false;
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
        return true;
      })
      .immediate();
    if (ran) {
      applied.push(migration.version);
      logger.info({ version: migration.version, migration: migration.name }, 'applied store migration');
    }
  }

  const newest = db
    .prepare<[], { version: number | null }>('SELECT max(version) AS version FROM store_migrations')
    .get();
  const current = newest?.version ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    logger.warn(
      { databaseVersion: current, codeVersion: known },
      'the SQLite store was migrated by a newer Omniloom; downgrades are not supported',
    );
  }
  return { applied, current };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && migration.version <= previous.version) {
      throw new ConfigError(
        `store migration ${migration.version} is out of order (after ${previous.version})`,
      );
    }
  });
}
