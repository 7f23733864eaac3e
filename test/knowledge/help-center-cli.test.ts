/**
 * `omniloom kb help-center import|list|remove` run as a separate process on
 * the same data directory as a running Omniloom, against the sandbox.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi } from '../helpers/sandbox-api.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { helpCenterSeeder } from './help-center-kit.ts';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'omniloom.js');

describe('omniloom kb help-center', function () {
  this.timeout(90_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let installationId: string;

  const cli = async (...args: string[]) => {
    const { stdout } = await run(process.execPath, [BIN, 'kb', ...args], {
      env: { ...process.env, OMNILOOM_DATA_DIR: omniloom.dataDir, LOG_LEVEL: 'silent' },
    });
    return JSON.parse(stdout) as any;
  };

  const knowledge = async () =>
    ((await (await omniloom.admin(`/api/installations/${installationId}/knowledge`)).json()) as { documents: any[] }).documents;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom({ env: { LOG_LEVEL: 'warn' } });
    const installed = await omniloom.admin('/api/installations', {
      method: 'POST',
      json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken },
    });
    installationId = ((await installed.json()) as { installationId: string }).installationId;
    const seed = helpCenterSeeder(sandbox, sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId));
    await seed.portal('manuals', 'Manuals', 'de');
    await seed.article('manuals', { title: 'Erste Schritte', content: 'Schalten Sie das Gerät mit der Taste oben ein.' });
    await seed.article('manuals', { title: 'Pflege', content: 'Reinigen Sie das Gerät mit einem trockenen Tuch.' });
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('imports a portal, lists it, and removes it with its articles', async () => {
    const imported = await cli('help-center', 'import', installationId, 'manuals', '--on-demand');
    assert.equal(imported.portal, 'manuals');
    assert.equal(imported.ok, true);
    assert.equal(imported.ingested, 2);

    const again = await cli('help-center', 'import', installationId, 'manuals', '--on-demand');
    assert.deepEqual([again.ingested, again.unchanged, again.embedded], [0, 2, 0]);

    const [listed] = await cli('help-center', 'list', installationId);
    assert.equal(listed.portal, 'manuals');
    assert.equal(listed.keepInSync, false);
    assert.equal(listed.lastRun.ok, true);

    const documents = await knowledge();
    assert.deepEqual(documents.map((document: { title: string }) => document.title).sort(), ['Erste Schritte', 'Pflege']);
    assert.ok(documents.every((document: { language: string }) => document.language === 'de'));

    const removed = await cli('help-center', 'remove', installationId, 'manuals');
    assert.deepEqual(removed, { portal: 'manuals', removedDocuments: 2 });
    assert.deepEqual(await knowledge(), []);
  });

  it('fails with a clear message for a portal the account does not have', async () => {
    await assert.rejects(cli('help-center', 'import', installationId, 'missing'), (error: { stderr?: string }) => {
      assert.match(error.stderr ?? '', /no Help Center portal "missing"/);
      return true;
    });
  });
});
