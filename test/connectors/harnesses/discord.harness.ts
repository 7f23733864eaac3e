/** Contract harness for Discord: Ed25519-signed interactions, gateway-frame fixtures, REST sends. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeDiscord } from '../../fakes/fake-discord/start-fake-discord.ts';
import { type ContractHarness, fixturesFor } from '../contract-harness.ts';

const fixturesDir = fixturesFor('discord');
const DM_CHANNEL = '1330000000000000333';

export const harness: ContractHarness = {
  fixturesDir,
  signedFixture: 'interaction-ping.json',
  signatureHeaders: ['x-signature-ed25519', 'x-signature-timestamp'],
  unknownFixtures: ['typing-start-unknown.json', 'thread-create.json'],
  handshake: { fixture: 'interaction-ping.json', expectedBody: { type: 1 } },
  textMessage(text) {
    const frame = JSON.parse(readFileSync(path.join(fixturesDir, 'message-create-dm.json'), 'utf8')) as {
      d: { content: string };
    };
    frame.d.content = text;
    return Buffer.from(JSON.stringify(frame));
  },
  async startFake() {
    const fake = await startFakeDiscord();
    fake.state.addChannel(DM_CHANNEL, 1);
    return {
      account: fake.account(),
      sign: (rawBody, at) => fake.keys.sign(rawBody, at),
      requests: () => fake.state.requests.map(({ method, path: p, body }) => ({ method, path: p, body })),
      close: () => fake.close(),
    };
  },
  outbound(_fake, text) {
    return {
      installationId: 'contract',
      channel: 'discord',
      thread: { key: `dm:${DM_CHANNEL}`, kind: 'direct', address: { channelId: DM_CHANNEL } },
      text,
      attachments: [],
      chatwootMessageId: 1,
      chatwootConversationId: 1,
    };
  },
  expectedSendRequests(_fake, text) {
    return [
      {
        method: 'POST',
        path: `/api/v10/channels/${DM_CHANNEL}/messages`,
        body: { content: text, allowed_mentions: { parse: [] } },
      },
    ];
  },
};
