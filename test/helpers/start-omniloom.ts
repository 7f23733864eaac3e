import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../plugin/config/config.ts';
import { createLogger } from '../../plugin/logger.ts';
import { createRuntime, type OwnedRuntime } from '../../plugin/runtime/create-runtime.ts';
import { startService, type RunningService } from '../../plugin/service/start-service.ts';
import { freePort } from './free-port.ts';

export interface OmniloomHarness {
  url: string;
  adminToken: string;
  dataDir: string;
  runtime: OwnedRuntime;
  service: RunningService;
  /** Every log line written, for tests that scan logs (secrets must never appear). */
  logs: string[];
  /** `fetch` against Omniloom with the admin token. */
  admin(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOmniloomOptions {
  /** Extra environment (REDIS_URL, GEMINI_*, ...). */
  env?: Record<string, string>;
  /** Reuse a data directory (restart tests). */
  dataDir?: string;
  port?: number;
}

/** Boots a real Omniloom process in-process: real store, real queue, real HTTP, on a temp data directory. */
export async function startOmniloom(options: StartOmniloomOptions = {}): Promise<OmniloomHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'omniloom-test-')));
  const port = options.port ?? (await freePort());
  const adminToken = options.env?.OMNILOOM_ADMIN_TOKEN ?? `admin-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    OMNILOOM_DATA_DIR: dataDir,
    OMNILOOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
    OMNILOOM_ADMIN_TOKEN: adminToken,
    OMNILOOM_CHATWOOT_TIMEOUT_MS: '5000',
    OMNILOOM_SHUTDOWN_TIMEOUT_MS: '3000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'debug',
    ...options.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      if (process.env.TEST_LOGS) process.stderr.write(chunk);
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination: sink as never });
  const runtime = await createRuntime(config, logger);
  const service = await startService(runtime, { port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    adminToken,
    dataDir,
    runtime,
    service,
    logs,
    admin(pathname, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${adminToken}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${url}${pathname}`, { ...init, headers, body });
    },
    async stop(stopOptions = {}) {
      await service.stop();
      if (!stopOptions.keepData && !options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
