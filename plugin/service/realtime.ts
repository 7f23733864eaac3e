import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server as SocketServer } from 'socket.io';
import type { Logger } from 'pino';
import { closeRedisClient } from '../redis/close-redis-client.ts';
import { reconnectDelayMs } from '../redis/reconnect-delay.ts';
import { watchRedisConnection } from '../redis/watch-redis-connection.ts';

export interface Realtime {
  io: SocketServer;
  close(): Promise<void>;
}

/**
 * socket.io for live dashboard updates. With REDIS_URL the Redis adapter fans
 * events out across every Omniloom process (a worker can emit to a browser
 * connected to a web process).
 */
export async function createRealtime(server: HttpServer, options: { redisUrl?: string; logger: Logger }): Promise<Realtime> {
  const io = new SocketServer(server, { path: '/socket.io', serveClient: false });
  const clients: Redis[] = [];
  if (options.redisUrl) {
    const pub = new Redis(options.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: null,
      retryStrategy: reconnectDelayMs,
    });
    const sub = pub.duplicate();
    // Without a listener each reconnect attempt during a Redis outage prints an "Unhandled error event".
    watchRedisConnection(pub, options.logger, 'socket.io publisher');
    watchRedisConnection(sub, options.logger, 'socket.io subscriber');
    await Promise.all([pub.connect(), sub.connect()]);
    clients.push(pub, sub);
    io.adapter(createAdapter(pub, sub));
    options.logger.info('socket.io uses the Redis adapter');
  }
  return {
    io,
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(clients.map((client) => closeRedisClient(client)));
    },
  };
}
