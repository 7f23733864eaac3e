import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.ts';
import { SECRET_KEY_FILE, loadSecretKey } from '../../security/load-secret-key.ts';
import { rotateSecretKey } from '../../security/rotate-secret-key.ts';
import { printJson, withCliRuntime } from '../open-cli-runtime.ts';

export function registerRotateKeyCommand(program: Command): void {
  program
    .command('rotate-key')
    .description('Re-encrypt every stored secret under a new key')
    .option('--new-key <hex>', 'the new 64-hex-character key (default: generate one)')
    .action(async (options: { newKey?: string }) => {
      const newKey = (options.newKey ?? randomBytes(32).toString('hex')).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(newKey)) throw new ConfigError('--new-key must be 64 hexadecimal characters');
      await withCliRuntime(async (runtime) => {
        const { config, logger } = runtime;
        const oldKey = await loadSecretKey({ configuredHex: config.secretKeyHex, dataDir: config.dataDir, sharedStore: Boolean(config.mongodbUri), logger });
        const result = await rotateSecretKey(runtime.store, oldKey, newKey);
        if (!config.secretKeyHex) {
          // Embedded default: the key lives in the data directory; replace it atomically.
          const file = path.join(config.dataDir, SECRET_KEY_FILE);
          await writeFile(`${file}.new`, `${newKey}\n`, { mode: 0o600 });
          await rename(`${file}.new`, file);
          printJson({ ...result, keyFile: file });
        } else {
          printJson({ ...result, next: 'Set OMNILOOM_SECRET_KEY to the new key (printed on stderr) and restart every Omniloom process.' });
          if (!options.newKey) console.error(newKey);
        }
      });
    });
}
