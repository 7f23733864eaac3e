import assert from 'node:assert/strict';
import type request from 'supertest';
import type { InstallationRecord } from '../../plugin/store/store.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import {
  openPage,
  seedInstallation,
  signIn,
  startInboxChatwoot,
  type InboxChatwoot,
} from './admin-test-kit.ts';

const CHATWOOT_TOKEN = 'cw-admin-token-CHANNELS-42';
const SIGNING_SECRET = 'slack-signing-SECRET-8f3a9c';
const BOT_TOKEN = 'xoxb-SECRET-bot-token-11';
const NEW_BOT_TOKEN = 'xoxb-SECRET-rotated-token-22';

describe('admin pages: channel credentials', () => {
  let harness: OmniloomHarness;
  let chatwoot: InboxChatwoot;
  let record: InstallationRecord;
  let agent: request.Agent;

  /** Every secret of this suite: none may ever appear in a page. */
  const secrets = [CHATWOOT_TOKEN, SIGNING_SECRET, BOT_TOKEN, NEW_BOT_TOKEN];
  const assertNoSecret = (html: string) => {
    for (const secret of secrets)
      assert.ok(!html.includes(secret), `the page shows the secret ${secret.slice(0, 12)}…`);
    assert.doesNotMatch(html, /type="password"[^>]*value="[^"]+"/, 'a password input is pre-filled');
  };

  before(async () => {
    harness = await startOmniloom();
    chatwoot = await startInboxChatwoot({
      accountId: 5,
      token: CHATWOOT_TOKEN,
      inboxes: [{ id: 12, name: 'Slack', channel_type: 'Channel::Api' }],
    });
    record = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 5,
      token: CHATWOOT_TOKEN,
      provisioned: {
        agentBotId: 3,
        apiInboxes: { slack: 12 },
        botInboxes: [{ inboxId: 12, previousAgentBotId: null }],
      },
    });
    await harness.runtime.store.channelAccounts.upsert({
      installationId: record.id,
      channel: 'slack',
      inboxId: 12,
      config: { apiBaseUrl: 'https://slack.example.test/api/' },
      credentialsCiphertext: harness.runtime.secrets.seal(
        JSON.stringify({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN }),
      ),
    });
    agent = await signIn(harness);
  });
  after(async () => {
    await harness?.stop();
    await chatwoot?.close();
  });

  it('shows which credentials are set, never their values', async () => {
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    assertNoSecret(html);
    const slack = /<article class="card" id="channel-slack"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    assert.match(slack, /Inbox #12/);
    assert.match(slack, /Signing secret\s*<span class="badge badge--success">set<\/span>/);
    assert.match(slack, /Bot token\s*<span class="badge badge--success">set<\/span>/);
    assert.match(slack, /name="credential.botToken" type="password" autocomplete="new-password" value=""/);
    assert.match(slack, /&quot;apiBaseUrl&quot;: &quot;https:\/\/slack.example.test\/api\/&quot;/);
    assert.match(slack, new RegExp(`/webhooks/slack/${record.id}`));
    const discord = /<article class="card" id="channel-discord"[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    assert.match(discord, /Not added/);
    assert.match(discord, /Bot token\s*<span class="badge badge--muted">not set<\/span>/);
    assert.match(discord, />Add Discord</);
  });

  it('stores a new credential and settings, keeping the fields left empty', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    await agent
      .post(`/admin/installations/${record.id}/channels/slack`)
      .type('form')
      .send({
        _csrf: csrf,
        'credential.signingSecret': '',
        'credential.botToken': NEW_BOT_TOKEN,
        config: '{"botUserId": "U0BOT"}',
      })
      .expect(303)
      .expect('location', `/admin/installations/${record.id}?notice=channel-saved#channel-slack`);

    const account = await harness.runtime.store.channelAccounts.get(record.id, 'slack');
    assert.ok(account);
    assert.deepEqual(JSON.parse(harness.runtime.secrets.open(account.credentialsCiphertext)), {
      signingSecret: SIGNING_SECRET,
      botToken: NEW_BOT_TOKEN,
    });
    assert.deepEqual(account.config, { apiBaseUrl: 'https://slack.example.test/api/', botUserId: 'U0BOT' });
    const audit = await harness.runtime.store.audit.list(record.id);
    const entry = audit.find((item) => item.action === 'channel.configured');
    assert.deepEqual(entry?.data.credentialFieldsChanged, ['botToken']);
    assert.ok(!JSON.stringify(audit).includes(NEW_BOT_TOKEN));

    const { html } = await openPage(agent, `/admin/installations/${record.id}?notice=channel-saved`);
    assert.match(html, /Channel settings saved\./);
    assertNoSecret(html);
    assert.ok(!harness.logs.join('').includes(NEW_BOT_TOKEN), 'the new token reached the logs');
  });

  it('rejects settings that are not a JSON object and does not echo the submitted secret', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    for (const config of ['{"apiBaseUrl": ', '["a"]']) {
      const reply = await agent
        .post(`/admin/installations/${record.id}/channels/slack`)
        .type('form')
        .send({ _csrf: csrf, 'credential.botToken': 'xoxb-SECRET-never-saved', config })
        .expect(422);
      assert.match(
        reply.text,
        /id="channel-slack-error">The settings (are not valid JSON|must be a JSON object)/,
      );
      assert.ok(!reply.text.includes('xoxb-SECRET-never-saved'));
      assertNoSecret(reply.text);
    }
    const account = await harness.runtime.store.channelAccounts.get(record.id, 'slack');
    assert.equal(
      JSON.parse(harness.runtime.secrets.open(account?.credentialsCiphertext ?? '')).botToken,
      NEW_BOT_TOKEN,
    );
  });

  it('shows why a new channel could not be added when Chatwoot fails, without echoing its credentials', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    // The stand-in answers only the inbox list, so provisioning the Discord inbox stops at Chatwoot's 404.
    const reply = await agent
      .post(`/admin/installations/${record.id}/channels/discord`)
      .type('form')
      .send({
        _csrf: csrf,
        'credential.botToken': 'discord-SECRET-bot-token',
        'credential.publicKey': 'ab12',
        config: '{"supportChannelId": "123"}',
      })
      .expect(422);
    assert.match(reply.text, /id="channel-discord-error">Chatwoot GET profile failed with HTTP 404/);
    assert.match(reply.text, /&quot;supportChannelId&quot;: &quot;123&quot;/);
    assert.ok(!reply.text.includes('discord-SECRET-bot-token'));
    assertNoSecret(reply.text);
    assert.equal(await harness.runtime.store.channelAccounts.get(record.id, 'discord'), undefined);
  });

  it('answers 404 for a channel no connector provides', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    await agent
      .post(`/admin/installations/${record.id}/channels/fax`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(404);
  });
});
