/** The Discord gateway through @discordjs/ws against the fake gateway: identify, dispatch, drop, resume. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { GatewayConnection } from '../../../connectors/core/connector.ts';
import { createDiscordConnector } from '../../../connectors/discord/index.ts';
import { silentLogger } from '../../../plugin/logger.ts';
import type { InboundEvent } from '../../../plugin/messages/normalized-message.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/fake-discord/start-fake-discord.ts';
import { fixturesFor } from '../contract-harness.ts';

const connector = createDiscordConnector();

function fixtureData(name: string): Record<string, unknown> {
  return (
    JSON.parse(readFileSync(path.join(fixturesFor('discord'), name), 'utf8')) as {
      d: Record<string, unknown>;
    }
  ).d;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('discord gateway', function () {
  this.timeout(20_000);
  let fake: FakeDiscord;
  let connection: GatewayConnection | undefined;
  const received: InboundEvent[] = [];

  before(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 300 });
    connection = await connector.connect?.(
      fake.account({ supportChannelId: '1187340021337800100' }),
      async (events) => {
        received.push(...events);
      },
      { logger: silentLogger(), maxAttachmentBytes: 1_000_000 },
    );
  });
  after(async () => {
    await connection?.close();
    await fake.close();
  });

  it('connects to the URL from GET /gateway/bot with json encoding and identifies with the needed intents', () => {
    assert.ok(fake.state.requests.some((r) => r.method === 'GET' && r.path === '/api/v10/gateway/bot'));
    assert.equal(fake.gateway.connectQueries[0]?.get('encoding'), 'json');
    assert.equal(fake.gateway.connectQueries[0]?.get('v'), '10');
    const identify = fake.gateway.received.find((frame) => frame.op === 2);
    const intents = (identify?.d as { intents: number }).intents;
    for (const bit of [
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
      GatewayIntentBits.GuildMessageReactions,
      GatewayIntentBits.DirectMessageReactions,
    ]) {
      assert.ok((intents & bit) === bit, `intent ${bit}`);
    }
  });

  it('passes message events to the sink and leaves ignored ones out', async () => {
    fake.gateway.dispatch('TYPING_START', fixtureData('typing-start-unknown.json'));
    fake.gateway.dispatch('MESSAGE_CREATE', fixtureData('message-create-dm.json'));
    await waitFor(() => received.length >= 1, 'the DM');
    assert.equal(received.length, 1);
    assert.equal(received[0]?.kind, 'message');
    assert.equal(received[0]?.kind === 'message' && received[0].thread.key, 'dm:1330000000000000333');
  });

  it('heartbeats and gets ACKs', async () => {
    await waitFor(
      () => fake.gateway.received.filter((frame) => frame.op === 1).length >= 2,
      'two heartbeats',
    );
  });

  it('resumes after a dropped socket and receives the dispatches it missed', async () => {
    const before = received.length;
    const sessionId = [...fake.gateway.sessions.keys()][0];
    fake.gateway.dropConnections();
    fake.gateway.dispatch('MESSAGE_CREATE', {
      ...fixtureData('message-create-in-thread.json'),
      content: 'sent while you were away',
    });
    await waitFor(() => received.length > before, 'the replayed message');
    const resume = fake.gateway.received.find((frame) => frame.op === 6)?.d as {
      session_id: string;
      seq: number;
    };
    assert.equal(resume.session_id, sessionId);
    assert.ok(resume.seq >= 2, 'resumed from the last sequence seen');
    const replayed = received.at(-1);
    assert.equal(replayed?.kind === 'message' && replayed.text, 'sent while you were away');
    assert.equal(fake.gateway.received.filter((frame) => frame.op === 2).length, 1, 'no second IDENTIFY');

    fake.gateway.dispatch('MESSAGE_REACTION_ADD', fixtureData('message-reaction-add.json'));
    await waitFor(() => received.at(-1)?.kind === 'reaction', 'a live event after resume');
  });
});
