import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../test/helpers/free-port.ts';
import type { ChildReport, MemorySample, ParentCommand } from './omniloom-child-protocol.ts';

const childEntry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve-omniloom-child.ts');
const KEPT_OUTPUT_LINES = 200;

export interface ForkOmniloomOptions {
  /** Extra environment (REDIS_URL, OMNILOOM_ROLE, OMNILOOM_JOB_*, ...). */
  env?: Record<string, string>;
  /** Also serve the bare 200-only express route in the same child. */
  bareRoute?: boolean;
  /** pino level of the child (default `warn`); its output is kept, last lines only. */
  logLevel?: string;
}

/** A real Omniloom running in a child process of its own, with a temp data directory. */
export interface ForkedOmniloom {
  url: string;
  /** Base URL of the bare express server, when asked for. */
  bareUrl?: string;
  queue: string;
  adminToken: string;
  /** OMNILOOM_SECRET_KEY of the child (fresh per run), for signing what Omniloom itself would sign (panel sessions). */
  secretKeyHex: string;
  dataDir: string;
  child: ChildProcess;
  /** The last lines the child wrote to stdout/stderr. */
  output: string[];
  /** `fetch` against Omniloom with the admin token; `json` is sent as the JSON body. */
  admin(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Heap and RSS of the child, after a forced GC. */
  memory(): Promise<MemorySample>;
  /** Graceful stop (drains jobs), then removes the data directory. */
  stop(): Promise<void>;
}

/**
 * Forks `serve-omniloom-child.ts` with `--expose-gc`, so the process measured
 * holds Omniloom only — not the load generator, nor the sandbox whose
 * in-memory Chatwoot grows with every message.
 */
export async function forkOmniloom(options: ForkOmniloomOptions = {}): Promise<ForkedOmniloom> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-bench-'));
  const port = await freePort();
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const secretKeyHex = randomBytes(32).toString('hex');
  const child = fork(childEntry, [], {
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      OMNILOOM_DATA_DIR: dataDir,
      OMNILOOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
      OMNILOOM_ADMIN_TOKEN: adminToken,
      OMNILOOM_SECRET_KEY: secretKeyHex,
      OMNILOOM_SHUTDOWN_TIMEOUT_MS: '5000',
      LOG_LEVEL: options.logLevel ?? 'warn',
      BENCH_BARE_ROUTE: options.bareRoute ? '1' : '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > KEPT_OUTPUT_LINES) output.splice(0, output.length - KEPT_OUTPUT_LINES);
    if (process.env.BENCH_CHILD_LOGS) process.stderr.write(chunk);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waiters: Array<(report: ChildReport) => boolean> = [];
  child.on('message', (report: ChildReport) => {
    const index = waiters.findIndex((accept) => accept(report));
    if (index >= 0) waiters.splice(index, 1);
  });
  const next = <T extends ChildReport['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildReport, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`Omniloom child sent no "${type}" within ${timeoutMs} ms:\n${output.join('\n')}`)),
        timeoutMs,
      );
      waiters.push((report) => {
        if (report.type !== type) return false;
        clearTimeout(timer);
        resolve(report as Extract<ChildReport, { type: T }>);
        return true;
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`Omniloom child exited (${code}) before "${type}":\n${output.join('\n')}`));
      });
    });
  const send = (command: ParentCommand) => child.send(command);

  let ready: Extract<ChildReport, { type: 'ready' }>;
  try {
    ready = await next('ready', 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  // Unhandled rejections of the race above once the child has exited on purpose.
  exited.catch(() => {});

  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    bareUrl: ready.bareUrl,
    queue: ready.queue,
    adminToken,
    secretKeyHex,
    dataDir,
    child,
    output,
    admin(pathname, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${adminToken}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(`${ready.url}${pathname}`, { ...init, headers, body });
    },
    async memory() {
      const sample = next('memory', 30_000);
      send({ type: 'memory' });
      return sample;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.connected) {
          send({ type: 'stop' });
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dataDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}
