import type { Logger } from '../logger.ts';
import { openBullQueue } from './bull/open-bull-queue.ts';
import { openEmbeddedQueue } from './embedded/open-embedded-queue.ts';
import type { JobQueue } from './queue.ts';

/** Options of {@link createQueue}. */
export interface CreateQueueOptions {
  /** When set (REDIS_URL), jobs live in Redis through bull; otherwise in the SQLite file. */
  redisUrl?: string;
  /** The SQLite file of the embedded queue (the same file the storage adapter uses). */
  sqliteFile: string;
  logger: Logger;
  /** Lease of a running job: after a crash, its jobs run again once this has passed. */
  visibilityTimeoutMs?: number;
}

/**
 * Picks the queue adapter from configuration: bull when a Redis URL is given
 * (several app instances share it), the embedded SQLite queue otherwise.
 */
export async function createQueue(options: CreateQueueOptions): Promise<JobQueue> {
  const logger = options.logger.child({ component: 'queue' });
  const { visibilityTimeoutMs } = options;
  if (options.redisUrl) return openBullQueue({ redisUrl: options.redisUrl, logger, visibilityTimeoutMs });
  return openEmbeddedQueue({ file: options.sqliteFile, logger, visibilityTimeoutMs });
}
