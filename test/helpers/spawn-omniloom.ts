import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually } from './start-omniloom.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface OmniloomProcess {
  child: ChildProcess;
  url: string;
  output: string[];
  /** SIGKILL: no shutdown hook runs, in-flight work is cut mid-way. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `omniloom serve` as a real child process (what `npm start` runs) and waits for /healthz. */
export async function spawnOmniloom(env: Record<string, string>, port: number): Promise<OmniloomProcess> {
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'omniloom.js'), 'serve'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(
    async () => {
      if (child.exitCode !== null) throw new Error(`omniloom exited: ${output.join('')}`);
      return (await fetch(`${url}/healthz`).catch(() => undefined))?.ok;
    },
    30_000,
    'omniloom to answer /healthz',
  );
  return {
    child,
    url,
    output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
