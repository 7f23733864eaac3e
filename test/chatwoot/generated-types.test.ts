import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CHATWOOT_TYPE_SOURCES,
  GENERATED_DIR,
  generateChatwootTypes,
} from '../../plugin/chatwoot/generate-types.ts';

describe('chatwoot client: generated types', () => {
  let outDir: string;

  before(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-chatwoot-types-'));
  });
  after(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('are up to date with swagger.json and the supplement spec (run `npm run generate:chatwoot` if not)', async () => {
    const written = await generateChatwootTypes(outDir);
    assert.equal(written.length, CHATWOOT_TYPE_SOURCES.length);
    for (const source of CHATWOOT_TYPE_SOURCES) {
      const fresh = await readFile(path.join(outDir, source.output), 'utf8');
      const checkedIn = await readFile(path.join(GENERATED_DIR, source.output), 'utf8');
      assert.ok(
        fresh === checkedIn,
        `${source.output} is stale: regenerate it from ${source.spec} with \`npm run generate:chatwoot\``,
      );
    }
  });
});
