/**
 * The "Register webhook" button on the channel cards of an installation's
 * page, for connectors that register their webhook by API call, against the
 * fake Viber API (which calls the Omniloom URL with a signed check first).
 */
import assert from 'node:assert/strict';
import type request from 'supertest';
import { VIBER_EVENT_TYPES } from '../../connectors/viber/index.ts';
import type { InstallationRecord } from '../../plugin/store/store.ts';
import { type FakeViber, startFakeViber } from '../fakes/fake-viber/start-fake-viber.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import {
  openPage,
  seedInstallation,
  signIn,
  startInboxChatwoot,
  type InboxChatwoot,
} from './admin-test-kit.ts';

const CHATWOOT_TOKEN = 'cw-admin-token-WEBHOOK-7';

const cardOf = (html: string, channel: string) =>
  new RegExp(`<article class="card" id="channel-${channel}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';

describe('admin pages: registering a channel webhook', function () {
  this.timeout(30_000);
  let harness: OmniloomHarness;
  let chatwoot: InboxChatwoot;
  let viber: FakeViber;
  let record: InstallationRecord;
  let agent: request.Agent;

  before(async () => {
    harness = await startOmniloom();
    viber = await startFakeViber();
    chatwoot = await startInboxChatwoot({
      accountId: 8,
      token: CHATWOOT_TOKEN,
      inboxes: [
        { id: 31, name: 'Viber', channel_type: 'Channel::Api' },
        { id: 32, name: 'Slack', channel_type: 'Channel::Api' },
      ],
    });
    record = await seedInstallation(harness, {
      chatwootUrl: chatwoot.url,
      accountId: 8,
      token: CHATWOOT_TOKEN,
      provisioned: { agentBotId: 4, apiInboxes: { viber: 31, slack: 32 } },
    });
    const { store, secrets } = harness.runtime;
    const account = viber.account();
    await store.channelAccounts.upsert({
      installationId: record.id,
      channel: 'viber',
      inboxId: 31,
      config: account.config,
      credentialsCiphertext: secrets.seal(JSON.stringify(account.credentials)),
    });
    await store.channelAccounts.upsert({
      installationId: record.id,
      channel: 'slack',
      inboxId: 32,
      config: {},
      credentialsCiphertext: secrets.seal(JSON.stringify({ signingSecret: 's', botToken: 'xoxb-1' })),
    });
    agent = await signIn(harness);
  });

  after(async () => {
    await harness?.stop();
    await viber?.close();
    await chatwoot?.close();
  });

  const webhookAction = () => `/admin/installations/${record.id}/channels/viber/webhook`;

  it('offers the button only on added channels whose connector can register its webhook', async () => {
    const { html } = await openPage(agent, `/admin/installations/${record.id}`);
    const viberCard = cardOf(html, 'viber');
    assert.match(viberCard, new RegExp(`<form method="post" action="${webhookAction()}"`));
    assert.match(viberCard, />Register webhook</);
    assert.doesNotMatch(cardOf(html, 'slack'), /Register webhook/);
    assert.doesNotMatch(cardOf(html, 'discord'), /Register webhook/);
  });

  it('registers the webhook with Viber and shows what Viber confirmed on the card', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const reply = await agent.post(webhookAction()).type('form').send({ _csrf: csrf }).expect(200);
    const webhookUrl = `${harness.url}/webhooks/viber/${record.id}`;
    assert.deepEqual(
      viber.callsTo('set_webhook').map((call) => call.body.url),
      [webhookUrl],
    );
    assert.match(
      cardOf(reply.text, 'viber'),
      new RegExp(
        `id="channel-viber-notice">Webhook registered: Viber now delivers to the URL above\\. It confirmed these events: ${VIBER_EVENT_TYPES.join(', ')}\\.<`,
      ),
    );
    const audit = await harness.runtime.store.audit.list(record.id);
    const entry = audit.find((item) => item.action === 'channel.webhook_registered');
    assert.equal(entry?.subject, 'viber');
    assert.equal(entry?.data.webhookUrl, webhookUrl);
  });

  it('shows Viber’s refusal on the card', async () => {
    viber.failNext('set_webhook', 1, 'invalidUrl');
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const reply = await agent.post(webhookAction()).type('form').send({ _csrf: csrf }).expect(502);
    assert.match(
      cardOf(reply.text, 'viber'),
      /id="channel-viber-error">The webhook was not registered: Viber set_webhook failed: invalidUrl</,
    );
  });

  it('explains that a console-configured channel is not registered from here', async () => {
    const { csrf } = await openPage(agent, `/admin/installations/${record.id}`);
    const reply = await agent
      .post(`/admin/installations/${record.id}/channels/slack/webhook`)
      .type('form')
      .send({ _csrf: csrf })
      .expect(422);
    assert.match(
      cardOf(reply.text, 'slack'),
      /id="channel-slack-error">The webhook was not registered: Omniloom cannot register Slack&#x27;s webhook/,
    );
  });

  it('refuses a request without the form’s CSRF token', async () => {
    const before = viber.callsTo('set_webhook').length;
    await agent.post(webhookAction()).type('form').send({}).expect(403);
    assert.equal(viber.callsTo('set_webhook').length, before);
  });
});
