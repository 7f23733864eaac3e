import mongoose from 'mongoose';
import { silentLogger, type Logger } from '../../logger.ts';
import type { Store } from '../store.ts';
import { createAnalyticsRepo } from './analytics-repo.ts';
import { createAuditRepo } from './audit-repo.ts';
import { createChannelAccountRepo } from './channel-account-repo.ts';
import { createIdempotencyRepo } from './idempotency-repo.ts';
import { createIdentityRepo } from './identity-repo.ts';
import { createInstallationRepo } from './installation-repo.ts';
import { createKeyValueRepo } from './key-value-repo.ts';
import { createKnowledgeRepo } from './knowledge-repo.ts';
import { createMergeSuggestionRepo } from './merge-suggestion-repo.ts';
import { createMessageLinkRepo } from './message-link-repo.ts';
import { ensureIndexes, registerModels } from './models.ts';
import { purgeInstallation } from './purge-installation.ts';
import { createSuggestionRepo } from './suggestion-repo.ts';
import { createThreadLinkRepo } from './thread-link-repo.ts';
import { MongoVectorSearch, type VectorSearchMode } from './vector-search.ts';

export interface MongoStoreOptions {
  /** A MongoDB connection string; the database comes from its path (default `test`, as in the driver). */
  uri: string;
  /** Overrides the database named in the URI (tests use a throwaway one). */
  dbName?: string;
  logger?: Logger;
  /** `auto` (default) uses Atlas `$vectorSearch` when the index is there and falls back to exact search otherwise. */
  vectorSearch?: VectorSearchMode;
  /** Fails the first connection attempt after this long (default 10 s). */
  serverSelectionTimeoutMs?: number;
}

/**
 * Opens the scale-out store on MongoDB through its own mongoose connection
 * (never the global one) and builds every index before returning.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const logger = (options.logger ?? silentLogger()).child({ component: 'mongo-store' });
  const connection = mongoose.createConnection(options.uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 10_000,
  });
  try {
    await connection.asPromise();
    const models = registerModels(connection);
    await ensureIndexes(models);
    const vectors = new MongoVectorSearch(models, logger, options.vectorSearch);
    logger.info({ database: connection.name }, 'connected to MongoDB store');

    return {
      kind: 'mongo',
      installations: createInstallationRepo(models),
      channelAccounts: createChannelAccountRepo(models),
      identities: createIdentityRepo(models),
      threads: createThreadLinkRepo(models),
      messages: createMessageLinkRepo(models),
      knowledge: createKnowledgeRepo(models, vectors),
      suggestions: createSuggestionRepo(models),
      mergeSuggestions: createMergeSuggestionRepo(models),
      audit: createAuditRepo(models),
      analytics: createAnalyticsRepo(models),
      idempotency: createIdempotencyRepo(models),
      kv: createKeyValueRepo(models),
      purgeInstallation: (installationId) => purgeInstallation(models, installationId),
      async close() {
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}
