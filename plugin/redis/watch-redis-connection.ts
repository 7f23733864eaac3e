import type { Logger } from 'pino';

/** The part of an ioredis client (bull bundles its own ioredis major) that connection watching needs. */
export interface RedisConnection {
  readonly status: string;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/** True for the errors a Redis client emits when its connection fails, as opposed to a failing command. */
export function isRedisConnectionError(error: unknown): boolean {
  const { syscall, message } = (error ?? {}) as { syscall?: unknown; message?: unknown };
  const failedSocketCall = ['connect', 'getaddrinfo', 'read', 'write'].includes(String(syscall));
  return failedSocketCall || message === 'Connection is closed.';
}

/**
 * Listens for a client's connection errors, which ioredis otherwise prints as "Unhandled error event", and
 * logs one warning when an outage starts and one line when the client is ready again, instead of one error
 * per reconnect attempt.
 * @param what names the client's job in the log, for example "socket.io adapter".
 */
export function watchRedisConnection(client: RedisConnection, logger: Logger, what: string): void {
  let down = false;
  client.on('error', (error) => {
    if (!isRedisConnectionError(error)) {
      logger.error({ err: error, redisClient: what }, 'Redis error');
      return;
    }
    if (down) return;
    down = true;
    logger.warn({ err: error, redisClient: what }, 'lost the connection to Redis; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redisClient: what }, 'reconnected to Redis');
  });
}
