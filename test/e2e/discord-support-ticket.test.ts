/**
 * Discord `/support` over the real wire protocols (signed interaction, REST, gateway) into the sandbox
 * Chatwoot, when the first reply fails after Discord has already created the ticket thread.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord/start-fake-discord.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'discord');
const SUPPORT_CHANNEL = '1187340021337800100';

interface ListedMessage {
  content: string;
  message_type: number;
  private: boolean;
}

describe('Discord /support: the first reply fails after the ticket thread was created', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let discord: FakeDiscord;
  let api: SandboxApi;
  let installationId: string;
  let inboxId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    discord = await startFakeDiscord();
    discord.state.addChannel(SUPPORT_CHANNEL, 0);
    omniloom = await startOmniloom({
      env: { OMNILOOM_GATEWAY_RECONCILE_MS: '200', OMNILOOM_JOB_BACKOFF_MS: '50', LOG_LEVEL: 'warn' },
    });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['discord'],
        },
      })
    ).json()) as { installationId: string; inboxes: { bridged: Record<string, number> } };
    installationId = installed.installationId;
    inboxId = installed.inboxes.bridged.discord!;
    const setup = await omniloom.admin(`/api/installations/${installationId}/channels/discord`, {
      method: 'PUT',
      json: {
        credentials: { botToken: discord.botToken, publicKey: discord.keys.publicKeyHex },
        config: {
          apiBaseUrl: discord.apiBaseUrl,
          applicationId: discord.applicationId,
          supportChannelId: SUPPORT_CHANNEL,
        },
      },
    });
    assert.equal(setup.status, 200, await setup.clone().text());
  });

  after(async () => {
    await omniloom?.stop();
    await discord?.close();
    await sandbox?.close();
  });

  async function conversationsOfInbox(): Promise<Array<{ id: number; messages: ListedMessage[] }>> {
    const listed = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{
      id: number;
    }>;
    const result = [];
    for (const { id } of listed) {
      result.push({
        id,
        messages: (await api.get(`/conversations/${id}/messages`)).payload as ListedMessage[],
      });
    }
    return result;
  }
  const customerMessages = (messages: ListedMessage[]) =>
    messages.filter((message) => message.message_type === 0).map((message) => message.content);

  it('opens one thread, retries the reply into it, and bridges the customer into one conversation', async () => {
    const interaction = JSON.parse(
      await readFile(path.join(fixtures, 'interaction-support-command.json'), 'utf8'),
    ) as { member: { user: { id: string } }; data: { options: Array<{ value: string }> } };
    const customerId = interaction.member.user.id;
    const question = interaction.data.options[0]!.value;
    const body = JSON.stringify(interaction);
    const command = await fetch(`${omniloom.url}/webhooks/discord/${installationId}`, {
      method: 'POST',
      headers: discord.keys.sign(body),
      body,
    });
    assert.equal(command.status, 200);
    assert.deepEqual(await command.json(), { type: 5, data: { flags: 64 } }, 'deferred, ephemeral');

    const [ticket] = await eventually(
      async () => {
        const found = await conversationsOfInbox();
        return found.some((conversation) => customerMessages(conversation.messages).includes(question))
          ? found
          : undefined;
      },
      20_000,
      'the /support question in Chatwoot',
    );

    // Discord is down for message posts (both tries of the REST client), but not for thread creation.
    discord.state.failRequests('POST', /^\/channels\/\d+\/messages$/, 2);
    const reply = 'Thanks, could you send us the log file?';
    await api.post(`/conversations/${ticket!.id}/messages`, { content: reply, message_type: 'outgoing' });
    const posted = await eventually(
      () => discord.state.messages.find((message) => message.content === reply),
      20_000,
      'the reply posted to Discord after the retry',
    );
    assert.equal(discord.state.outages[0]?.remaining, 0, 'the first attempt did fail');

    const threads = [...discord.state.channels.values()].filter(
      (channel) => channel.parent_id === SUPPORT_CHANNEL,
    );
    assert.equal(threads.length, 1, 'the retry reused the thread the first attempt opened');
    const thread = threads[0]!;
    assert.equal(thread.type, 12, 'a private thread');
    assert.equal(posted.channel_id, thread.id, 'the reply went into the ticket thread');
    assert.deepEqual([...thread.members], [customerId]);
    assert.equal(discord.state.messages.filter((message) => message.content === reply).length, 1);
    const linked = discord.state.requests.filter((request) => request.path.includes('/messages/@original'));
    assert.deepEqual(
      linked.map((request) => request.body?.content),
      [`Your ticket is open: <#${thread.id}>`],
      'the /support reply links the ticket once',
    );

    await eventually(() => discord.gateway.sessions.size > 0, 20_000, 'gateway session identified');
    const inThread = JSON.parse(
      await readFile(path.join(fixtures, 'message-create-in-thread.json'), 'utf8'),
    ) as {
      d: { channel_id: string; content: string };
    };
    inThread.d.channel_id = thread.id;
    discord.gateway.dispatch('MESSAGE_CREATE', inThread.d);
    const conversations = await eventually(
      async () => {
        const found = await conversationsOfInbox();
        return found.some((conversation) =>
          customerMessages(conversation.messages).includes(inThread.d.content),
        )
          ? found
          : undefined;
      },
      20_000,
      "the customer's message from the thread in Chatwoot",
    );
    assert.deepEqual(
      conversations.map((conversation) => ({
        id: conversation.id,
        customer: customerMessages(conversation.messages),
      })),
      [{ id: ticket!.id, customer: [question, inThread.d.content] }],
      'one conversation holds the ticket, each customer message once',
    );
    await sandbox.settle();
    assert.deepEqual(
      sandbox.violations().filter((violation) => violation.direction === 'request'),
      [],
    );
  });
});
