import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord/start-fake-discord.ts';
import { FAKE_SLACK_BOT_USER, startFakeSlack, type FakeSlack } from '../fakes/fake-slack/start-fake-slack.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { postSignedSlackEvent } from '../helpers/sign-slack.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixture = async (name: string) => JSON.parse(await readFile(path.join(fixtures, name), 'utf8'));

describe('bridged channels end to end: real SDKs ↔ fake platforms ↔ Omniloom ↔ sandbox Chatwoot', function () {
  this.timeout(90_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let slack: FakeSlack;
  let discord: FakeDiscord;
  let installationId: string;
  let inboxes: Record<string, number>;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    slack = await startFakeSlack();
    discord = await startFakeDiscord();
    omniloom = await startOmniloom({ env: { OMNILOOM_GATEWAY_RECONCILE_MS: '200' } });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels: ['slack', 'discord'] },
      })
    ).json()) as any;
    installationId = installed.installationId;
    inboxes = installed.inboxes.bridged;
    const slackSetup = await omniloom.admin(`/api/installations/${installationId}/channels/slack`, {
      method: 'PUT',
      json: { credentials: { signingSecret: slack.signingSecret, botToken: slack.botToken }, config: { apiBaseUrl: slack.apiBaseUrl, botUserId: FAKE_SLACK_BOT_USER } },
    });
    assert.equal(slackSetup.status, 200, await slackSetup.clone().text());
    const discordSetup = await omniloom.admin(`/api/installations/${installationId}/channels/discord`, {
      method: 'PUT',
      json: {
        credentials: { botToken: discord.botToken, publicKey: discord.keys.publicKeyHex },
        config: { apiBaseUrl: discord.apiBaseUrl, applicationId: discord.applicationId },
      },
    });
    assert.equal(discordSetup.status, 200, await discordSetup.clone().text());
  });

  after(async () => {
    await omniloom?.stop();
    await discord?.close();
    await slack?.close();
    await sandbox?.close();
  });

  async function messagesIn(inboxId: number) {
    const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{ id: number }>;
    const all: Array<{ content: string; message_type: number; conversation_id: number }> = [];
    for (const conversation of conversations) all.push(...(await api.get(`/conversations/${conversation.id}/messages`)).payload);
    return { conversations, messages: all };
  }

  it('Slack: answers url_verification, refuses bad signatures, keeps a thread in one conversation and replies in the thread', async () => {
    const url = `${omniloom.url}/webhooks/slack/${installationId}`;
    const challenge = await postSignedSlackEvent(url, JSON.stringify(await fixture('slack/url-verification.json')), slack.signingSecret);
    assert.equal(challenge.status, 200);
    assert.ok(JSON.stringify(await challenge.json()).includes('challenge'));

    const root = await fixture('slack/message-channel.json');
    const reply = await fixture('slack/message-thread-reply.json');
    const forged = await postSignedSlackEvent(url, JSON.stringify(root), 'not-the-secret');
    assert.equal(forged.status, 401);
    assert.equal((await postSignedSlackEvent(url, JSON.stringify(root), slack.signingSecret)).status, 200);
    assert.equal((await postSignedSlackEvent(url, JSON.stringify(root), slack.signingSecret, { retryNum: 1 })).status, 200);
    assert.equal((await postSignedSlackEvent(url, JSON.stringify(reply), slack.signingSecret)).status, 200);

    const { conversations, messages } = await eventually(async () => {
      const found = await messagesIn(inboxes.slack!);
      return found.messages.filter((message) => message.message_type === 0).length >= 2 ? found : undefined;
    }, 15_000, 'slack messages in Chatwoot');
    assert.equal(conversations.length, 1, 'a Slack thread is one Chatwoot conversation');
    assert.deepEqual(
      messages.filter((message) => message.message_type === 0).map((message) => message.content),
      [root.event.text, reply.event.text],
      'the redelivery was dropped',
    );

    await api.post(`/conversations/${conversations[0]!.id}/messages`, { content: 'Could you try **incognito** mode?', message_type: 'outgoing' });
    const posted = await eventually(() => slack.posted.find((entry) => entry.text.includes('incognito')), 10_000, 'reply posted to Slack');
    assert.equal(posted.text, 'Could you try *incognito* mode?', 'markdown rendered as mrkdwn');
    assert.equal(posted.thread_ts, root.event.ts, `reply lands in the customer thread: ${JSON.stringify(posted)}`);
  });

  it('Discord: a DM over the gateway reaches Chatwoot and the agent reply goes back through REST', async () => {
    await eventually(() => discord.gateway.sessions.size > 0, 20_000, 'gateway session identified');
    const dm = await fixture('discord/message-create-dm.json');
    discord.state.addChannel(dm.d.channel_id, 1);
    discord.gateway.dispatch('MESSAGE_CREATE', dm.d);
    const { conversations } = await eventually(async () => {
      const found = await messagesIn(inboxes.discord!);
      return found.messages.some((message) => message.content === dm.d.content) ? found : undefined;
    }, 20_000, 'discord DM in Chatwoot');
    assert.equal(conversations.length, 1);

    await api.post(`/conversations/${conversations[0]!.id}/messages`, { content: 'Refunds take **5 days**.', message_type: 'outgoing' });
    const sent = await eventually(
      () => discord.state.requests.find((request) => request.method === 'POST' && request.path.includes(`/channels/${dm.d.channel_id}/messages`)),
      10_000,
      'reply sent to Discord',
    );
    assert.equal((sent.body as any).content, 'Refunds take **5 days**.');
    await sandbox.settle();
    assert.deepEqual(sandbox.violations().filter((violation: any) => violation.direction === 'request'), []);
  });
});
