import assert from 'node:assert/strict';
import type request from 'supertest';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { openPage, signIn, startInboxChatwoot, type InboxChatwoot } from './admin-test-kit.ts';

describe('admin pages: install form', () => {
  let harness: OmniloomHarness;
  let chatwoot: InboxChatwoot;
  let sandbox: RunningSandbox;
  let agent: request.Agent;

  before(async () => {
    harness = await startOmniloom();
    chatwoot = await startInboxChatwoot({ accountId: 6, token: 'the-real-chatwoot-token', inboxes: [] });
    sandbox = await startSandbox({ port: 0 });
    agent = await signIn(harness);
  });
  after(async () => {
    await harness?.stop();
    await chatwoot?.close();
    await sandbox?.close();
  });

  it('offers every bridged channel and asks for the token in a password field', async () => {
    const { html } = await openPage(agent, '/admin/install');
    for (const channel of ['discord', 'slack', 'webhook'])
      assert.match(html, new RegExp(`name="channels" value="${channel}"`));
    assert.match(html, /id="token" name="token" type="password"/);
    assert.match(html, /<a href="\/admin\/install" aria-current="page">Install<\/a>/);
  });

  it('re-renders invalid input with field messages, keeping what was typed except the token', async () => {
    const { csrf } = await openPage(agent, '/admin/install');
    const reply = await agent
      .post('/admin/install')
      .type('form')
      .send({
        _csrf: csrf,
        chatwootUrl: 'chatwoot.example',
        accountId: 'abc',
        token: 'short',
        channels: ['slack', 'discord'],
        inboxes: '1, two',
      })
      .expect(422);
    const html = reply.text;
    assert.match(html, /id="chatwootUrl-error">Enter the Chatwoot base URL/);
    assert.match(html, /id="accountId-error">Enter the numeric account id/);
    assert.match(html, /id="token-error">Paste an administrator access token/);
    assert.match(html, /id="inboxes-error">Enter inbox ids separated by commas/);
    assert.match(html, /id="chatwootUrl"[^>]*value="chatwoot.example"/);
    assert.match(html, /name="channels" value="slack" checked/);
    assert.match(html, /name="channels" value="discord" checked/);
    assert.doesNotMatch(html, /name="channels" value="webhook" checked/);
    assert.doesNotMatch(html, /value="short"/);
    assert.deepEqual(await harness.runtime.store.installations.list(), []);
  });

  it('shows why Chatwoot refused the token, without showing the token', async () => {
    const { csrf } = await openPage(agent, '/admin/install');
    const reply = await agent
      .post('/admin/install')
      .type('form')
      .send({
        _csrf: csrf,
        chatwootUrl: chatwoot.url,
        accountId: '6',
        token: 'a-wrong-chatwoot-token',
        inboxes: 'all',
      })
      .expect(400);
    assert.match(reply.text, /Chatwoot rejected the access token/);
    assert.ok(!reply.text.includes('a-wrong-chatwoot-token'));
    assert.ok(chatwoot.requests.includes('GET /api/v1/profile'));
  });

  it('installs into the sandbox Chatwoot, shows what it set up, and adds a channel later from its card', async () => {
    const { csrf } = await openPage(agent, '/admin/install');
    const reply = await agent
      .post('/admin/install')
      .type('form')
      .send({
        _csrf: csrf,
        chatwootUrl: `${sandbox.url}/`,
        accountId: String(sandbox.accountId),
        token: sandbox.adminToken,
        channels: ['slack', 'webhook'],
        inboxes: 'all',
      })
      .expect(201);
    const html = reply.text;
    assert.ok(!html.includes(sandbox.adminToken), 'the Chatwoot token reached the page');
    // The trailing slash typed in the form is gone from the stored URL.
    const installation = await harness.runtime.store.installations.findByAccount(
      sandbox.url,
      sandbox.accountId,
    );
    assert.ok(installation);
    const provisioned = installation.provisioned;
    assert.match(html, new RegExp(`<code>${installation.id}</code>`));
    assert.match(html, new RegExp(`<dt>Agent bot</dt><dd>#${provisioned.agentBotId}</dd>`));
    assert.match(
      html,
      new RegExp(
        `<td>Slack</td><td>#${provisioned.apiInboxes?.slack}</td><td><code class="wrap">${harness.url}/webhooks/slack/${installation.id}</code>`,
      ),
    );
    assert.match(html, new RegExp(`${harness.url}/webhooks/webhook/${installation.id}`));
    assert.match(
      html,
      new RegExp(
        `#${provisioned.dashboardAppIds?.[0]} <code class="wrap">${harness.url}/dashboard/${installation.id}</code>`,
      ),
    );
    assert.match(html, /<li>created agent bot \d+<\/li>/);
    assert.deepEqual(sandbox.violations(), []);

    // The form and the API run the same install: a second run through the API repairs nothing.
    const again = await harness.admin('/api/installations', {
      method: 'POST',
      json: {
        chatwootUrl: sandbox.url,
        accountId: sandbox.accountId,
        token: sandbox.adminToken,
        channels: ['slack', 'webhook'],
      },
    });
    assert.equal(again.status, 200);
    const body = (await again.json()) as { installationId: string; changes: string[] };
    assert.equal(body.installationId, installation.id);
    assert.deepEqual(body.changes, []);

    // The settings page lists the account's inboxes as Chatwoot reports them.
    const page = await openPage(agent, `/admin/installations/${installation.id}`);
    assert.match(page.html, new RegExp(`<label for="inboxMode-${provisioned.apiInboxes?.slack}">`));
    assert.match(page.html, /<span class="badge badge--success">Inbox #\d+<\/span>/);

    // A channel left out at install time is added from its card: Omniloom creates its inbox, then stores the credentials.
    await agent
      .post(`/admin/installations/${installation.id}/channels/discord`)
      .type('form')
      .send({
        _csrf: page.csrf,
        'credential.botToken': 'discord-SECRET-token',
        'credential.publicKey': 'a1b2c3',
        config: '{"supportChannelId": "42"}',
      })
      .expect(303);
    const discord = await harness.runtime.store.channelAccounts.get(installation.id, 'discord');
    assert.ok(discord?.inboxId);
    assert.deepEqual(discord.config, { supportChannelId: '42' });
    assert.deepEqual(JSON.parse(harness.runtime.secrets.open(discord.credentialsCiphertext)), {
      botToken: 'discord-SECRET-token',
      publicKey: 'a1b2c3',
    });
    const updated = await openPage(agent, `/admin/installations/${installation.id}`);
    assert.match(updated.html, new RegExp(`id="channel-discord"[\\s\\S]*?Inbox #${discord.inboxId}`));
    assert.ok(!updated.html.includes('discord-SECRET-token'));
  });
});
