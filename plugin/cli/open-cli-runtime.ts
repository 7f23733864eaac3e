import { loadConfig } from '../config/config.ts';
import { createLogger } from '../logger.ts';
import { createRuntime, type OwnedRuntime } from '../runtime/create-runtime.ts';
import { InstallationDirectory } from '../install/installation-directory.ts';

/**
 * Opens the same store and queue the server uses (same data directory or
 * MongoDB/Redis), runs one command, and closes them. Logs go to stderr so a
 * command's stdout stays machine-readable JSON.
 */
export interface CliContext {
  directory: InstallationDirectory;
}

export async function withCliRuntime<T>(work: (runtime: OwnedRuntime, context: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr as never });
  const runtime = await createRuntime(config, logger);
  try {
    const directory = new InstallationDirectory({
      store: runtime.store,
      secrets: runtime.secrets,
      logger,
      chatwootTimeoutMs: config.chatwootTimeoutMs,
    });
    return await work(runtime, { directory });
  } finally {
    await runtime.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
