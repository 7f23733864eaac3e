import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../errors.ts';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Returns the configured key, or — for the embedded default only — one kept in
 * the data directory, generated on first start. A shared store (MongoDB) needs
 * the same key on every process, so there it must be configured.
 */
export async function loadSecretKey(options: {
  configuredHex?: string;
  dataDir: string;
  sharedStore: boolean;
  logger: Logger;
}): Promise<string> {
  if (options.configuredHex) return options.configuredHex.toLowerCase();
  if (options.sharedStore) {
    throw new ConfigError(
      'OMNILOOM_SECRET_KEY is required with MONGODB_URI: every Omniloom process must share one key (generate one with `openssl rand -hex 32`)',
    );
  }
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(existing)) return existing;
    throw new ConfigError(`${file} does not hold a 64-hex-character key; fix or delete it`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(options.dataDir, { recursive: true });
  const generated = randomBytes(32).toString('hex');
  await writeFile(file, `${generated}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    // Another process (the CLI next to the server) created it first: use theirs.
    if (error.code !== 'EEXIST') throw error;
  });
  await chmod(file, 0o600);
  options.logger.warn(
    { file },
    'OMNILOOM_SECRET_KEY is not set: generated an encryption key in the data directory. Back it up, or set OMNILOOM_SECRET_KEY for production.',
  );
  return (await readFile(file, 'utf8')).trim();
}
