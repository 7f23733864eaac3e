import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { createQueue } from '../queue/create-queue.ts';
import { createSecretBox } from '../security/secret-box.ts';
import { loadAdminToken } from '../security/load-admin-token.ts';
import { loadSecretKey } from '../security/load-secret-key.ts';
import { createStore, sqliteFileFor } from '../store/create-store.ts';
import type { Runtime } from './runtime.ts';

export interface OwnedRuntime extends Runtime {
  /** Drains running jobs, then closes the queue and the store. */
  close(): Promise<void>;
}

/** Opens the store, the queue and the secret box the configuration asks for. */
export async function createRuntime(config: Config, logger: Logger): Promise<OwnedRuntime> {
  const keyHex = await loadSecretKey({
    configuredHex: config.secretKeyHex,
    dataDir: config.dataDir,
    sharedStore: Boolean(config.mongodbUri),
    logger,
  });
  const secrets = createSecretBox(keyHex);
  const adminToken = await loadAdminToken({ configured: config.adminToken, dataDir: config.dataDir, logger });
  const store = await createStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  let queue;
  try {
    queue = await createQueue({
      redisUrl: config.redisUrl,
      sqliteFile: sqliteFileFor(config.dataDir),
      logger,
      visibilityTimeoutMs: config.jobRetry.leaseMs,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const openQueue = queue;
  return {
    config,
    logger,
    store,
    queue: openQueue,
    secrets,
    adminToken,
    now: () => new Date(),
    async close() {
      await openQueue.close(config.shutdownTimeoutMs);
      await store.close();
    },
  };
}
