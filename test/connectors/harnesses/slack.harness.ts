/** Contract harness for Slack: v0 HMAC-signed Events API bodies, Web API sends. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeSlack } from '../../fakes/fake-slack/start-fake-slack.ts';
import { signSlackRequest } from '../../helpers/sign-slack.ts';
import { type ContractHarness, fixturesFor } from '../contract-harness.ts';

const fixturesDir = fixturesFor('slack');
const CHANNEL = 'C0FAKECHAN1';
const THREAD_TS = '1774006000.123459';

/** Slack escapes these three in every inbound `text`. */
function escapeLikeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const harness: ContractHarness = {
  fixturesDir,
  signedFixture: 'message-channel.json',
  signatureHeaders: ['x-slack-signature', 'x-slack-request-timestamp'],
  unknownFixtures: ['app-home-opened-unknown.json', 'app-rate-limited.json'],
  handshake: {
    fixture: 'url-verification.json',
    expectedBody: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' },
  },
  textMessage(text) {
    const envelope = JSON.parse(readFileSync(path.join(fixturesDir, 'message-im.json'), 'utf8')) as {
      event: { text: string; blocks?: unknown };
    };
    envelope.event.text = escapeLikeSlack(text);
    delete envelope.event.blocks;
    return Buffer.from(JSON.stringify(envelope));
  },
  async startFake() {
    const fake = await startFakeSlack();
    return {
      account: fake.account(),
      sign: (rawBody, at) => signSlackRequest(rawBody, fake.signingSecret, { at }),
      requests: () =>
        fake.calls.map((call) => ({ method: 'POST', path: `/api/${call.method}`, body: call.params })),
      close: () => fake.close(),
    };
  },
  outbound(_fake, text) {
    return {
      installationId: 'contract',
      channel: 'slack',
      thread: {
        key: `thread:${CHANNEL}:${THREAD_TS}`,
        kind: 'thread',
        address: { channel: CHANNEL, threadTs: THREAD_TS },
      },
      text,
      attachments: [],
      chatwootMessageId: 1,
      chatwootConversationId: 1,
    };
  },
  expectedSendRequests() {
    return [
      {
        method: 'POST',
        path: '/api/chat.postMessage',
        body: {
          channel: CHANNEL,
          thread_ts: THREAD_TS,
          text: 'Hello *Quinn*, try `setup.exe /repair` — see <https://docs.example.com/install|the guide> &amp; more',
        },
      },
    ];
  },
};
