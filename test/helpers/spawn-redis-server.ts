import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port.ts';
import { eventually } from './start-omniloom.ts';
import { canReachRedis } from './can-reach-redis.ts';

/** A redis-server of the test's own, on a port nobody else uses, that the test can stop and start again. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Starts redis-server on the same port and directory, and waits until it answers PING. */
  start(): Promise<void>;
  /** SIGTERM, as a service manager stops Redis: it flushes its append-only file (when kept) and exits. */
  stop(): Promise<void>;
  /** Output of every run so far, for failure messages. */
  output: string[];
}

/** True when a `redis-server` binary is on PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts redis-server on a free port. With `keepData` it writes every command to an append-only file in `dir`
 * before answering (`appendfsync always`), so a restart finds every acknowledged write; without it a restart
 * starts empty, as a Redis that lost its data does.
 */
export async function spawnRedisServer(options: { dir: string; keepData: boolean }): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const output: string[] = [];
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    options.dir,
    '--save',
    '',
    ...(options.keepData ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const answersPing = () => canReachRedis(url, 500);

  const redis: PrivateRedis = {
    url,
    port,
    output,
    async start() {
      const running = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      running.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      running.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      exited = new Promise((resolve) => running.once('exit', () => resolve()));
      child = running;
      await eventually(
        async () => {
          if (running.exitCode !== null) throw new Error(`redis-server exited: ${output.join('')}`);
          return answersPing();
        },
        10_000,
        `redis-server on port ${port}`,
      );
    },
    async stop() {
      if (!child || child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
  await redis.start();
  return redis;
}
