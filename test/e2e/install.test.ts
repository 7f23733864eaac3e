import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

/** What the install flow touches in a Chatwoot account, for before/after comparisons. */
async function snapshotAccount(api: SandboxApi) {
  const inboxes = (await api.get('/inboxes')).payload as Array<{ id: number; name: string }>;
  const inboxBots: Record<number, number | null> = {};
  for (const inbox of inboxes) {
    const answer = await api.get(`/inboxes/${inbox.id}/agent_bot`).catch(() => undefined);
    inboxBots[inbox.id] = answer?.agent_bot?.id ?? answer?.id ?? null;
  }
  return {
    agentBots: ((await api.get('/agent_bots')) as Array<{ id: number }>).map((bot) => bot.id).sort(),
    inboxes: inboxes.map((inbox) => inbox.id).sort(),
    inboxBots,
    dashboardApps: ((await api.get('/dashboard_apps')) as Array<{ id: number }>).map((app) => app.id).sort(),
    webhooks: ((await api.get('/webhooks')).payload.webhooks as Array<{ id: number }>).map((hook) => hook.id).sort(),
  };
}

describe('install from the manifest (against the sandbox Chatwoot)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let whatsappInboxId: number;
  let otherBotId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom();
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    whatsappInboxId = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' })).id;
    otherBotId = (await api.post('/agent_bots', { name: 'Legacy bot', outgoing_url: 'http://127.0.0.1:9/legacy' })).id;
    await api.post(`/inboxes/${whatsappInboxId}/set_agent_bot`, { agent_bot: otherBotId });
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('provisions, changes nothing the second time, repairs a deletion, and uninstalls to the state before', async () => {
    const before = await snapshotAccount(api);
    const request = {
      chatwootUrl: sandbox.url,
      accountId: sandbox.accountId,
      token: sandbox.adminToken,
      channels: ['webhook'],
      inboxes: [whatsappInboxId],
    };

    const first = await omniloom.admin('/api/installations', { method: 'POST', json: request });
    assert.equal(first.status, 201, await first.clone().text());
    const installed = (await first.json()) as any;
    assert.ok(installed.installationId);
    assert.ok(installed.agentBot.id);
    const bridgedInbox = installed.inboxes.bridged.webhook as number;
    assert.deepEqual(installed.inboxes.bot.sort(), [whatsappInboxId, bridgedInbox].sort());
    assert.equal(installed.webhooks.webhook, `${omniloom.url}/webhooks/webhook/${installed.installationId}`);

    const bot = await api.get(`/agent_bots/${installed.agentBot.id}`);
    assert.match(bot.outgoing_url, new RegExp(`^${omniloom.url}/chatwoot/${installed.installationId}/[A-Za-z0-9_-]{20,}/bot$`));
    const apiInbox = await api.get(`/inboxes/${bridgedInbox}`);
    assert.equal(apiInbox.channel_type, 'Channel::Api');
    assert.match(apiInbox.webhook_url, /\/inbox\/webhook$/);
    const apps = await api.get('/dashboard_apps');
    assert.equal(apps.length, 1);
    assert.equal(apps[0].content[0].url, `${omniloom.url}/dashboard/${installed.installationId}`);
    const hooks = (await api.get('/webhooks')).payload.webhooks;
    assert.equal(hooks.length, 1);
    assert.ok(hooks[0].subscriptions.includes('contact_created'));

    const installedSnapshot = await snapshotAccount(api);
    const second = await omniloom.admin('/api/installations', { method: 'POST', json: request });
    assert.equal(second.status, 200);
    const again = (await second.json()) as any;
    assert.deepEqual(again.changes, []);
    assert.equal(again.installationId, installed.installationId);
    assert.deepEqual(await snapshotAccount(api), installedSnapshot);

    await api.delete(`/dashboard_apps/${apps[0].id}`);
    await api.post(`/inboxes/${whatsappInboxId}/set_agent_bot`, { agent_bot: null });
    const third = (await (await omniloom.admin('/api/installations', { method: 'POST', json: request })).json()) as any;
    assert.ok(third.changes.some((change: string) => change.startsWith('created dashboard app')), third.changes.join(', '));
    assert.ok(third.changes.includes(`attached agent bot to inbox ${whatsappInboxId}`), third.changes.join(', '));
    assert.equal((await api.get('/dashboard_apps')).length, 1);

    const removed = await omniloom.admin(`/api/installations/${installed.installationId}`, { method: 'DELETE' });
    assert.equal(removed.status, 200, await removed.clone().text());
    assert.deepEqual(await snapshotAccount(api), before);
    assert.equal((await api.get(`/inboxes/${whatsappInboxId}/agent_bot`)).agent_bot?.id ?? null, otherBotId);

    await sandbox.settle();
    assert.deepEqual(sandbox.violations(), []);
  });

  it('rejects a bad token with a clear 400 and stores nothing', async () => {
    const response = await omniloom.admin('/api/installations', {
      method: 'POST',
      json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: 'not-a-real-token' },
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as any).error.message, /rejected the access token/);
    const listed = (await (await omniloom.admin('/api/installations')).json()) as any;
    assert.equal(listed.installations.length, 0, 'a refused install stores nothing');
  });

  it('requires the admin token', async () => {
    const response = await fetch(`${omniloom.url}/api/installations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(response.status, 401);
  });
});
