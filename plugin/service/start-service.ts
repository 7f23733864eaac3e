import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../http/create-app.ts';
import type { OwnedRuntime } from '../runtime/create-runtime.ts';
import { assembleFeatures } from './assemble-features.ts';
import { createRealtime } from './realtime.ts';

export interface RunningService {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting connections, drains in-flight jobs, closes stores. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts the HTTP service (role web/all) and the queue workers (role worker/all). */
export async function startService(runtime: OwnedRuntime, options: { port?: number; host?: string } = {}): Promise<RunningService> {
  const { config, logger } = runtime;
  const server = createServer();
  const realtime = await createRealtime(server, { redisUrl: config.redisUrl, logger });
  const features = assembleFeatures(runtime, realtime);

  if (config.role !== 'web') features.startWorkers();
  if (config.role !== 'worker') {
    server.on('request', createApp(runtime, features.routers));
  }
  // Keep-alive sockets would hold shutdown open; requests get a bounded life.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;

  const port = options.port ?? config.port;
  const host = options.host ?? config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actualPort}`;
  logger.info({ url, role: config.role, store: runtime.store.kind, queue: runtime.queue.kind }, 'Omniloom is listening');

  let stopping: Promise<void> | undefined;
  return {
    server,
    url,
    port: actualPort,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down: no new connections, draining jobs');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await features.stop();
        await realtime.close();
        await runtime.close();
        server.closeAllConnections();
        await closed;
        logger.info('shutdown complete');
      })();
      return stopping;
    },
  };
}
