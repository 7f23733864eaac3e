import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A sample payload from `../shared/chatwoot/payloads/<name>.json`. */
export function readSamplePayload(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(resolve(repoRoot, '..', 'shared', 'chatwoot', 'payloads', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>;
}
