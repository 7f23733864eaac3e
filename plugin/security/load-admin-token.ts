import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';

export const ADMIN_TOKEN_FILE = 'admin.token';

/**
 * The admin token guards install, settings and every admin endpoint. Without
 * OMNILOOM_ADMIN_TOKEN the embedded default keeps a generated one in the data
 * directory (readable by the operator, shown once in the log as a file path).
 */
export async function loadAdminToken(options: { configured?: string; dataDir: string; logger: Logger }): Promise<string> {
  if (options.configured) return options.configured;
  const file = path.join(options.dataDir, ADMIN_TOKEN_FILE);
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 16) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(options.dataDir, { recursive: true });
  await writeFile(file, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  options.logger.warn({ file }, 'OMNILOOM_ADMIN_TOKEN is not set: the admin token was written to this file.');
  return (await readFile(file, 'utf8')).trim();
}
