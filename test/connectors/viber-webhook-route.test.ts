/**
 * Viber end to end through a running Omniloom: webhook registration (Viber's
 * signed check callback), signed callbacks on `/webhooks/viber/:installation`
 * into the sandbox Chatwoot, duplicates, bad input, the welcome message, and
 * an agent reply going out through the fake Viber API.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registerViberWebhook } from '../../connectors/viber/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { postSignedViberCallback, signViberCallback } from '../fakes/fake-viber/sign-viber-callback.ts';
import { type FakeViber, startFakeViber } from '../fakes/fake-viber/start-fake-viber.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { fixturesFor } from './contract-harness.ts';

const fixture = (name: string) => readFileSync(path.join(fixturesFor('viber'), name), 'utf8');

describe('viber webhook route (end to end)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let viber: FakeViber;
  let api: SandboxApi;
  let installationId: string;
  let inboxId: number;
  let webhookUrl: string;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom();
    viber = await startFakeViber();
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['viber'],
        },
      })
    ).json()) as any;
    installationId = installed.installationId;
    inboxId = installed.inboxes.bridged.viber;
    const account = viber.account({ welcomeMessage: 'Hi! How can we help? 👋' });
    const configured = await omniloom.admin(`/api/installations/${installationId}/channels/viber`, {
      method: 'PUT',
      json: { credentials: account.credentials, config: account.config },
    });
    assert.equal(configured.status, 200, await configured.clone().text());
    webhookUrl = `${omniloom.url}/webhooks/viber/${installationId}`;
  });

  after(async () => {
    await omniloom?.stop();
    await viber?.close();
    await sandbox?.close();
  });

  async function messages() {
    const list = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{
      id: number;
    }>;
    if (list.length === 0) return [];
    return (await api.get(`/conversations/${list[0]!.id}/messages`)).payload as Array<{
      content: string;
      message_type: number;
      source_id: string | null;
    }>;
  }

  it('registers the webhook: Viber signs a check callback that Omniloom answers with 200', async () => {
    const result = await registerViberWebhook(viber.account(), webhookUrl);
    assert.ok(result.eventTypes.includes('conversation_started'));
  });

  it('answers conversation_started with the welcome message in the response body', async () => {
    const response = await postSignedViberCallback(
      webhookUrl,
      fixture('conversation-started.json'),
      viber.authToken,
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      sender: { name: 'Omniloom Support' },
      type: 'text',
      text: 'Hi! How can we help? 👋',
    });
  });

  it('posts a signed message into Chatwoot once, however often Viber redelivers it', async () => {
    const first = await postSignedViberCallback(webhookUrl, fixture('message-text.json'), viber.authToken);
    assert.equal(first.status, 200, await first.clone().text());
    assert.deepEqual(await first.json(), { status: 'ok', queued: 1, duplicates: 0, ignored: 0 });
    const incoming = await eventually(
      async () => (await messages()).find((m) => m.source_id === '5741311803571721087'),
      10_000,
      'incoming Viber message',
    );
    assert.equal(incoming.content, 'Hi, the installer stops at 80% with error 0x80070005');
    const again = await postSignedViberCallback(webhookUrl, fixture('message-text.json'), viber.authToken);
    assert.deepEqual(await again.json(), { status: 'ok', queued: 0, duplicates: 1, ignored: 0 });
  });

  it('refuses a bad signature (401), malformed JSON (400) and an oversized body (413)', async () => {
    const body = fixture('message-text.json');
    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: { ...signViberCallback(body, 'another-token') },
      body,
    });
    assert.equal(forged.status, 401);
    const unsigned = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(unsigned.status, 401);
    const malformed = await postSignedViberCallback(webhookUrl, '{"event":"message",', viber.authToken);
    assert.equal(malformed.status, 400);
    const huge = body.replace('"Hi, the installer', `"${'x'.repeat(1_100_000)} the installer`);
    const oversized = await postSignedViberCallback(webhookUrl, huge, viber.authToken);
    assert.equal(oversized.status, 413);
  });

  it('sends the agent reply back to the Viber user and takes the delivery receipt', async () => {
    const conversation = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload[0];
    await api.post(`/conversations/${conversation.id}/messages`, {
      content: 'Thanks **Quinn** — please run `setup.exe /repair`',
      message_type: 'outgoing',
    });
    const sent = await eventually(
      () => viber.sent.find((entry) => entry.body.type === 'text'),
      10_000,
      'Viber send',
    );
    assert.equal(sent.body.receiver, 'FAKEviberUser01AbCdEfg==');
    assert.equal(sent.body.text, 'Thanks *Quinn* — please run ```setup.exe /repair```');
    const receipt = fixture('delivered.json').replace('5741311803571721150', sent.token);
    const response = await postSignedViberCallback(webhookUrl, receipt, viber.authToken);
    assert.deepEqual(await response.json(), { status: 'ok', queued: 1, duplicates: 0, ignored: 0 });
  });
});
