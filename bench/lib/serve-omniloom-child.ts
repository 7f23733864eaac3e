/**
 * Child-process entry: one real Omniloom (runtime + HTTP, configured from the
 * environment exactly like `omniloom serve`) plus, with BENCH_BARE_ROUTE=1, a
 * bare express server that only answers 200 — the baseline the benchmarks
 * compare against, in an identical process. Driven over IPC by
 * `forkOmniloom()`: it reports `ready`, answers `memory` with a sample taken
 * after a forced GC (started with --expose-gc), and exits on `stop`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import express from 'express';
import { loadConfig } from '../../plugin/config/config.ts';
import { createLogger } from '../../plugin/logger.ts';
import { createRuntime } from '../../plugin/runtime/create-runtime.ts';
import { startService } from '../../plugin/service/start-service.ts';
import type { ChildReport, ParentCommand } from './omniloom-child-protocol.ts';

function report(message: ChildReport): void {
  process.send?.(message);
}

async function startBareServer(): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/webhooks/:channel/:installationId', (_req, res) => {
    res.sendStatus(200);
  });
  const server = createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function sampleMemory(): ChildReport {
  // Two passes: the first can leave objects with finalizers for the second.
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  const heap = getHeapStatistics();
  return {
    type: 'memory',
    at: Date.now(),
    gcForced: typeof globalThis.gc === 'function',
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    rss: usage.rss,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    mallocedMemory: heap.malloced_memory,
  };
}

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel, destination: process.stderr as never });
const runtime = await createRuntime(config, logger);
const service = await startService(runtime, { port: config.port, host: '127.0.0.1' });
const bare = process.env.BENCH_BARE_ROUTE === '1' ? await startBareServer() : undefined;

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await service.stop();
  if (bare) {
    bare.closeAllConnections();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
  report({ type: 'stopped' });
  process.disconnect?.();
  process.exit(0);
}

process.on('message', (message: ParentCommand) => {
  if (message.type === 'memory') report(sampleMemory());
  else if (message.type === 'stop') void stop();
});
// The parent died without saying goodbye: do not outlive it.
process.on('disconnect', () => void stop());

report({
  type: 'ready',
  url: service.url,
  queue: runtime.queue.kind,
  ...(bare ? { bareUrl: `http://127.0.0.1:${(bare.address() as AddressInfo).port}` } : {}),
});
