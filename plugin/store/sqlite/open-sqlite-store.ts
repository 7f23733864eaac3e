import { silentLogger, type Logger } from '../../logger.ts';
import type { Store } from '../store.ts';
import { createAnalyticsRepo } from './analytics-repo.ts';
import { createAuditRepo } from './audit-repo.ts';
import { createChannelAccountRepo } from './channel-account-repo.ts';
import { createChunkVersions } from './chunk-versions.ts';
import { createIdempotencyRepo } from './idempotency-repo.ts';
import { createIdentityRepo } from './identity-repo.ts';
import { createInstallationRepo } from './installation-repo.ts';
import { createKeyValueRepo } from './key-value-repo.ts';
import { createKnowledgeRepo } from './knowledge-repo.ts';
import { createMergeSuggestionRepo } from './merge-suggestion-repo.ts';
import { createMessageLinkRepo } from './message-link-repo.ts';
import { MIGRATIONS } from './migrations.ts';
import { openDatabase } from './open-database.ts';
import { createPurgeInstallation } from './purge-installation.ts';
import { runMigrations } from './run-migrations.ts';
import { createSuggestionRepo } from './suggestion-repo.ts';
import { createThreadLinkRepo } from './thread-link-repo.ts';
import { VectorIndex } from './vector-index.ts';

export interface SqliteStoreOptions {
  /** The database file; created with its directory when missing. */
  file: string;
  logger?: Logger;
}

/**
 * Opens the embedded store: one SQLite file in WAL mode, migrated to the
 * current schema. Other connections (another Store, the embedded queue,
 * another process) may share the file.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'sqlite-store' });
  const db = openDatabase(options.file);
  try {
    runMigrations(db, MIGRATIONS, logger);
  } catch (error) {
    db.close();
    throw error;
  }

  const versions = createChunkVersions(db);
  const vectors = new VectorIndex(db, versions, { logger });
  const purge = createPurgeInstallation(db, versions);

  return {
    kind: 'sqlite',
    installations: createInstallationRepo(db),
    channelAccounts: createChannelAccountRepo(db),
    identities: createIdentityRepo(db),
    threads: createThreadLinkRepo(db),
    messages: createMessageLinkRepo(db),
    knowledge: createKnowledgeRepo(db, { versions, vectors }),
    suggestions: createSuggestionRepo(db),
    mergeSuggestions: createMergeSuggestionRepo(db),
    audit: createAuditRepo(db),
    analytics: createAnalyticsRepo(db),
    idempotency: createIdempotencyRepo(db),
    kv: createKeyValueRepo(db),
    async purgeInstallation(installationId) {
      purge(installationId);
      vectors.invalidate(installationId);
    },
    async close() {
      vectors.clear();
      if (db.open) db.close();
    },
  };
}
