import { Redis } from 'ioredis';
import { ConfigError } from '../../errors.ts';

/**
 * The names of the queues stored under one key prefix, kept in a Redis set so
 * any process (a worker, the CLI listing dead letters) can find every queue,
 * not only the ones it opened itself.
 */
export interface QueueRegistry {
  remember(queue: string): Promise<void>;
  names(): Promise<string[]>;
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
 * startup instead of hanging the first `add`.
 * @throws ConfigError when Redis cannot be reached within `connectTimeoutMs`.
 */
export async function connectQueueRegistry(
  redisUrl: string,
  prefix: string,
  connectTimeoutMs = 3000,
): Promise<QueueRegistry> {
  let connected = false;
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    // Give up at once while proving the connection; afterwards reconnect like any long-lived client.
    retryStrategy: (times) => (connected ? Math.min(times * 200, 2000) : null),
  });
  client.on('error', () => {
    // Connection errors surface through the commands that fail; the listener keeps them from crashing the process.
  });
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
  const key = `${prefix}:known-queues`;
  const remembered = new Set<string>();
  return {
    async remember(queue) {
      if (remembered.has(queue)) return;
      await client.sadd(key, queue);
      remembered.add(queue);
    },
    async names() {
      return (await client.smembers(key)).sort();
    },
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
