import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const childScript = path.join(here, 'fixtures', 'worker-child.ts');

/** A running `fixtures/worker-child.ts` process and the lines it has printed. */
export interface WorkerChild {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves once the child printed `line`; rejects if it exits first or `timeoutMs` passes. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** What the child wrote to stderr, for failure messages. */
  stderr(): string;
}

/** Starts the worker child with `env` added to this process's environment. */
export function spawnWorkerChild(env: Record<string, string>): WorkerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    listeners.forEach((listener) => listener());
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    listeners.forEach((listener) => listener());
  });

  return {
    process: child,
    lines,
    exited,
    stderr: () => stderr,
    waitForLine(line, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`worker child did not print "${line}" in ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = (): void => {
          if (lines.includes(line)) finish();
          else if (hasExited) finish(new Error(`worker child exited before printing "${line}"`));
        };
        const finish = (error?: Error): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(new Error(`${error.message}; stdout: ${lines.join(' | ')}; stderr: ${stderr}`));
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
  };
}
