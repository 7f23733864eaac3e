/** Contract harness for Viber: HMAC-signed REST Bot API callbacks (no signed timestamp), `send_message` sends. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeViber } from '../../fakes/fake-viber/start-fake-viber.ts';
import { signViberCallback } from '../../fakes/fake-viber/sign-viber-callback.ts';
import { type ContractHarness, fixturesFor } from '../contract-harness.ts';

const fixturesDir = fixturesFor('viber');
const USER = 'FAKEviberUser01AbCdEfg==';

export const harness: ContractHarness = {
  fixturesDir,
  signedFixture: 'message-text.json',
  signatureHeaders: ['x-viber-content-signature'],
  // Viber signs the body only; a replay repeats its message_token and dedupe drops it.
  signsTimestamp: false,
  unknownFixtures: ['client-status-unknown.json', 'message-rich-media-unknown.json', 'subscribed.json'],
  handshake: { fixture: 'webhook.json', expectedBody: { status: 'ok' } },
  textMessage(text) {
    // Kept as text, not re-serialised, so the 64-bit message_token stays a bare number as Viber sends it.
    const raw = readFileSync(path.join(fixturesDir, 'message-text.json'), 'utf8');
    return Buffer.from(raw.replace(/"text": "[^"]*"/, `"text": ${JSON.stringify(text)}`));
  },
  async startFake() {
    const fake = await startFakeViber();
    return {
      account: fake.account(),
      sign: (rawBody) => signViberCallback(rawBody, fake.authToken),
      requests: () =>
        fake.calls.map((call) => ({ method: 'POST', path: `/pa/${call.method}`, body: call.body })),
      close: () => fake.close(),
    };
  },
  outbound(_fake, text) {
    return {
      installationId: 'contract',
      channel: 'viber',
      thread: { key: `user:${USER}`, kind: 'direct', address: { receiver: USER } },
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
        path: '/pa/send_message',
        body: {
          receiver: USER,
          type: 'text',
          sender: { name: 'Omniloom Support' },
          text: 'Hello *Quinn*, try ```setup.exe /repair``` — see the guide (https://docs.example.com/install) & more',
        },
      },
    ];
  },
};
