import path from 'node:path';
import type { Logger } from '../logger.ts';
import { openMongoStore } from './mongo/open-mongo-store.ts';
import { openSqliteStore } from './sqlite/open-sqlite-store.ts';
import type { Store } from './store.ts';

/** File name of the embedded database inside the data directory. */
export const SQLITE_FILE_NAME = 'omniloom.sqlite';

/**
 * The SQLite file for a data directory. The embedded queue opens the same
 * file (its own connection, its own `queue_*` tables), so both sides derive
 * the path from here.
 */
export function sqliteFileFor(dataDir: string): string {
  return path.join(dataDir, SQLITE_FILE_NAME);
}

export interface CreateStoreOptions {
  /** When set, the MongoDB adapter is used; otherwise the embedded SQLite one. */
  mongodbUri?: string;
  /** Directory for the SQLite file (created when missing). */
  dataDir: string;
  logger: Logger;
}

/** Opens the configured store: MongoDB when a URI is given, SQLite at `<dataDir>/omniloom.sqlite` otherwise. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  if (options.mongodbUri) return openMongoStore({ uri: options.mongodbUri, logger: options.logger });
  return openSqliteStore({ file: sqliteFileFor(options.dataDir), logger: options.logger });
}
