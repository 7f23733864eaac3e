import { Redis } from 'ioredis';
import { ConfigError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { closeRedisClient } from '../../redis/close-redis-client.ts';
import { reconnectDelayMs } from '../../redis/reconnect-delay.ts';
import { watchRedisConnection } from '../../redis/watch-redis-connection.ts';
import type { RedisClientState } from './while-redis-reachable.ts';

/**
 * The names of the queues stored under one key prefix, kept in a Redis set so
 * any process (a worker, the CLI listing dead letters) can find every queue,
 * not only the ones it opened itself.
 */
export interface QueueRegistry {
  remember(queue: string): Promise<void>;
  names(): Promise<string[]>;
  /** PING: resolves when Redis answers (the queue's health check). */
  ping(): Promise<void>;
  /** The registry's own connection, which also tells whether Redis is reachable at all. */
  readonly client: RedisClientState;
  close(): Promise<void>;
}

/** The password of a Redis URL must never reach a log or an error message. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connects to Redis and proves it answers, so a wrong `REDIS_URL` fails at
 * startup instead of hanging the first `add`. Afterwards it logs when the
 * connection to Redis is lost and when it is back.
 * @throws ConfigError when Redis cannot be reached within `connectTimeoutMs`.
 */
export async function connectQueueRegistry(
  redisUrl: string,
  prefix: string,
  logger: Logger,
  connectTimeoutMs = 3000,
): Promise<QueueRegistry> {
  let connected = false;
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // Give up at once while proving the connection; afterwards reconnect like any long-lived client.
    retryStrategy: (times) => (connected ? reconnectDelayMs(times) : null),
  });
  // Until the connection is proven, a failure is reported by the ConfigError below.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    connected = true;
  } catch (error) {
    client.disconnect();
    throw new ConfigError(
      `Redis at ${redactRedisUrl(redisUrl)} is unreachable: check REDIS_URL or unset it to use the embedded queue`,
      error,
    );
  }
  watchRedisConnection(client, logger, 'job queue');
  const key = `${prefix}:known-queues`;
  const remembered = new Set<string>();
  // A Redis that restarted without its data forgot the set too; remembering again after a reconnect is cheap.
  client.on('ready', () => remembered.clear());
  return {
    client,
    async remember(queue) {
      if (remembered.has(queue)) return;
      await client.sadd(key, queue);
      remembered.add(queue);
    },
    async names() {
      return (await client.smembers(key)).sort();
    },
    async ping() {
      await client.ping();
    },
    close: () => closeRedisClient(client),
  };
}
