/**
 * Registering a channel's webhook with its platform, the way an operator does
 * it: `omniloom channel register-webhook` as a real child process and the
 * admin API, against the fake Viber API, which calls the Omniloom URL with a
 * signed check callback before it accepts it (as Viber does).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VIBER_EVENT_TYPES } from '../../connectors/viber/index.ts';
import { type FakeViber, startFakeViber } from '../fakes/fake-viber/start-fake-viber.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('registering a channel webhook (CLI and admin API)', function () {
  this.timeout(60_000);
  let omniloom: OmniloomHarness;
  let viber: FakeViber;
  let installationId: string;
  let bareInstallationId: string;

  /** Runs `omniloom <args>` on the harness's data directory, as an operator on the same machine would. */
  function runCli(args: string[]): Promise<CliRun> {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'omniloom.js'), ...args], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        OMNILOOM_DATA_DIR: omniloom.dataDir,
        OMNILOOM_PUBLIC_URL: omniloom.url,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  }

  async function seedInstallation(accountId: number): Promise<string> {
    const { store, secrets } = omniloom.runtime;
    const record = await store.installations.create({
      id: randomUUID(),
      chatwootUrl: 'http://127.0.0.1:9',
      accountId,
      tokenCiphertext: secrets.seal('cw-token'),
      urlSecretCiphertext: secrets.seal(`url-secret-${randomUUID()}`),
      settings: {},
      provisioned: { apiInboxes: { viber: 21 } },
      status: 'active',
    });
    return record.id;
  }

  before(async () => {
    omniloom = await startOmniloom();
    viber = await startFakeViber();
    installationId = await seedInstallation(1);
    bareInstallationId = await seedInstallation(2);
    const account = viber.account();
    await omniloom.runtime.store.channelAccounts.upsert({
      installationId,
      channel: 'viber',
      inboxId: 21,
      config: account.config,
      credentialsCiphertext: omniloom.runtime.secrets.seal(JSON.stringify(account.credentials)),
    });
  });

  after(async () => {
    await omniloom?.stop();
    await viber?.close();
  });

  beforeEach(() => {
    viber.calls.length = 0;
  });

  it('`channel register-webhook viber` points the bot at Omniloom, which answers Viber’s signed check', async () => {
    const run = await runCli(['channel', 'register-webhook', 'viber', '--installation', installationId]);
    assert.equal(run.code, 0, run.stderr);
    const webhookUrl = `${omniloom.url}/webhooks/viber/${installationId}`;
    assert.deepEqual(JSON.parse(run.stdout), {
      channel: 'viber',
      webhookUrl,
      eventTypes: [...VIBER_EVENT_TYPES],
    });
    const [call] = viber.callsTo('set_webhook');
    assert.equal(call?.authToken, viber.authToken);
    assert.deepEqual(call?.body, {
      url: webhookUrl,
      event_types: [...VIBER_EVENT_TYPES],
      send_name: true,
      send_photo: true,
    });
  });

  it('says what to fix when Viber refuses the auth token (exit 78, a configuration problem)', async () => {
    viber.failNext('set_webhook', 2, 'invalidAuthToken');
    const run = await runCli(['channel', 'register-webhook', 'viber', '--installation', installationId]);
    assert.equal(run.code, 78);
    assert.match(run.stderr, /omniloom: Viber refused set_webhook: the auth token is invalid/);
    assert.equal(run.stdout, '');
  });

  it('refuses a channel that is not set up yet, naming the command that sets it up', async () => {
    const run = await runCli(['channel', 'register-webhook', 'viber', '--installation', bareInstallationId]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`Viber is not set up for installation ${bareInstallationId}: .*omniloom channel add viber`),
    );
    assert.deepEqual(viber.calls, []);
  });

  it('refuses a channel whose platform takes the URL in its own settings, and gives the URL', async () => {
    const run = await runCli(['channel', 'register-webhook', 'slack', '--installation', installationId]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `Omniloom cannot register Slack's webhook: enter ${omniloom.url}/webhooks/slack/${installationId} in Slack's own app settings`,
      ),
    );
  });

  it('POST /api/installations/:id/channels/viber/webhook registers it too, and reports Viber’s refusal as 502', async () => {
    const endpoint = `/api/installations/${installationId}/channels/viber/webhook`;
    const ok = await omniloom.admin(endpoint, { method: 'POST' });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), {
      channel: 'viber',
      webhookUrl: `${omniloom.url}/webhooks/viber/${installationId}`,
      eventTypes: [...VIBER_EVENT_TYPES],
    });

    viber.failNext('set_webhook', 1, 'invalidUrl');
    const refused = await omniloom.admin(endpoint, { method: 'POST' });
    assert.equal(refused.status, 502);
    assert.deepEqual(await refused.json(), {
      error: { code: 'upstream_error', message: 'Viber set_webhook failed: invalidUrl' },
    });

    const unknown = await omniloom.admin(`/api/installations/${randomUUID()}/channels/viber/webhook`, {
      method: 'POST',
    });
    assert.equal(unknown.status, 404);
    const unauthenticated = await fetch(`${omniloom.url}${endpoint}`, { method: 'POST' });
    assert.equal(unauthenticated.status, 401);
  });
});
