/** Viber sends and webhook registration against the fake REST Bot API. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorDeps } from '../../connectors/core/connector.ts';
import { getConnector } from '../../connectors/core/registry.ts';
import { registerViberWebhook, VIBER_TEXT_LIMIT } from '../../connectors/viber/index.ts';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { OutboundAttachment, OutboundMessage } from '../../plugin/messages/normalized-message.ts';
import { type FakeViber, startFakeViber } from '../fakes/fake-viber/start-fake-viber.ts';

const connector = getConnector('viber');
const deps: ConnectorDeps = { logger: silentLogger(), maxAttachmentBytes: 1_000_000 };
const USER = 'FAKEviberUser01AbCdEfg==';

function outbound(text: string, attachments: OutboundAttachment[] = []): OutboundMessage {
  return {
    installationId: 'i1',
    channel: 'viber',
    thread: { key: `user:${USER}`, kind: 'direct', address: { receiver: USER } },
    text,
    attachments,
    chatwootMessageId: 1,
    chatwootConversationId: 1,
  };
}

describe('viber send', () => {
  let fake: FakeViber;
  let mark: number;
  const newCalls = () => fake.calls.slice(mark);

  before(async () => {
    fake = await startFakeViber();
    fake.files.set('manual.pdf', { data: Buffer.alloc(2048, 1), contentType: 'application/pdf' });
    fake.files.set('demo.mp4', { data: Buffer.alloc(4096, 2), contentType: 'video/mp4' });
    fake.files.set('stream.bin', {
      data: Buffer.alloc(10, 3),
      contentType: 'application/octet-stream',
      hideLength: true,
    });
  });
  after(() => fake.close());
  beforeEach(() => {
    mark = fake.calls.length;
  });

  it('sends rendered text with the auth token header and the configured sender', async () => {
    const result = await connector.send(outbound('Hello **Quinn**'), fake.account(), deps);
    const [call] = newCalls();
    assert.equal(call?.method, 'send_message');
    assert.equal(call?.authToken, fake.authToken);
    assert.deepEqual(call?.body, {
      receiver: USER,
      sender: { name: 'Omniloom Support' },
      type: 'text',
      text: 'Hello *Quinn*',
    });
    // The fake answers with a bare 64-bit number: the id must be the exact token, not a rounded double.
    assert.deepEqual(result.channelMessageIds, [fake.sent.at(-1)?.token]);
    assert.match(result.channelMessageIds[0] ?? '', /^\d{19}$/);
  });

  it('includes the sender avatar when configured', async () => {
    await connector.send(
      outbound('hi'),
      fake.account({ senderAvatar: 'https://cdn.example.com/bot.png' }),
      deps,
    );
    assert.deepEqual(newCalls()[0]?.body.sender, {
      name: 'Omniloom Support',
      avatar: 'https://cdn.example.com/bot.png',
    });
  });

  it('splits a long reply into several messages of at most 7000 characters', async () => {
    const text = Array.from({ length: 5 }, (_, i) => `Step ${i}: ${'details '.repeat(400)}`).join('\n\n');
    const result = await connector.send(outbound(text), fake.account(), deps);
    const calls = newCalls();
    assert.ok(calls.length >= 2);
    assert.equal(result.channelMessageIds.length, calls.length);
    for (const call of calls) assert.ok(String(call.body.text).length <= VIBER_TEXT_LIMIT);
  });

  it('sends attachments as picture, video and file messages with the sizes Viber requires', async () => {
    await connector.send(
      outbound('Files:', [
        { kind: 'image', url: 'https://cdn.example.com/shot.png', contentType: 'image/png' },
        { kind: 'video', url: `${fake.baseUrl}/files/demo.mp4`, contentType: 'video/mp4' },
        { kind: 'file', url: `${fake.baseUrl}/files/manual.pdf`, fileName: 'Manual v2.pdf' },
      ]),
      fake.account(),
      deps,
    );
    const bodies = newCalls().map((call) => call.body);
    assert.deepEqual(
      bodies.map((body) => body.type),
      ['text', 'picture', 'video', 'file'],
    );
    assert.deepEqual(bodies[1], {
      receiver: USER,
      sender: { name: 'Omniloom Support' },
      type: 'picture',
      text: '',
      media: 'https://cdn.example.com/shot.png',
    });
    assert.equal(bodies[2]?.size, 4096);
    assert.equal(bodies[3]?.size, 2048);
    assert.equal(bodies[3]?.file_name, 'Manual v2.pdf');
  });

  it('falls back to a url message when the file size is unknown or the image is not JPEG/PNG/GIF', async () => {
    await connector.send(
      outbound('', [
        { kind: 'file', url: `${fake.baseUrl}/files/stream.bin` },
        { kind: 'image', url: `${fake.baseUrl}/files/missing.webp`, contentType: 'image/webp' },
      ]),
      fake.account(),
      deps,
    );
    assert.deepEqual(
      newCalls().map((call) => [call.body.type, call.body.media]),
      [
        ['url', `${fake.baseUrl}/files/stream.bin`],
        ['url', `${fake.baseUrl}/files/missing.webp`],
      ],
    );
  });

  it('maps status 12 (tooManyRequests) and HTTP 429 to RateLimitError', async () => {
    fake.failNext('send_message', 12, 'tooManyRequests');
    await assert.rejects(connector.send(outbound('hi'), fake.account(), deps), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.ok(error.retryAfterMs > 0);
      return true;
    });
    fake.throttleNext('send_message', 7);
    await assert.rejects(connector.send(outbound('hi'), fake.account(), deps), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterMs, 7000);
      return true;
    });
  });

  it('maps a bad token to ConfigError naming the credential', async () => {
    const account = fake.account();
    await assert.rejects(
      connector.send(outbound('hi'), { ...account, credentials: { authToken: 'wrong' } }, deps),
      (error: unknown) => error instanceof ConfigError && /authToken/.test(error.message),
    );
  });

  it('reports other statuses as upstream errors carrying the Viber status', async () => {
    fake.failNext('send_message', 6, 'receiverNotSubscribed');
    await assert.rejects(connector.send(outbound('hi'), fake.account(), deps), (error: unknown) => {
      assert.ok(error instanceof OmniloomError);
      assert.equal(error.code, 'upstream_error');
      assert.equal(error.details?.viberStatus, 6);
      assert.match(error.message, /receiverNotSubscribed/);
      return true;
    });
  });

  it('fails fast without a sender name or a receiver', async () => {
    await assert.rejects(
      connector.send(outbound('hi'), fake.account({ senderName: '' }), deps),
      (error: unknown) => error instanceof ConfigError && /senderName/.test(error.message),
    );
    await assert.rejects(
      connector.send(
        { ...outbound('hi'), thread: { key: 'user:x', kind: 'direct', address: {} } },
        fake.account(),
        deps,
      ),
      /no receiver/,
    );
    assert.equal(newCalls().length, 0);
  });

  describe('registerViberWebhook', () => {
    let server: Server;
    let status = 200;
    const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

    before(async () => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(status).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/viber/i1`;

    it('subscribes to every callback Omniloom reads and asks for names and photos', async () => {
      const result = await registerViberWebhook(fake.account(), url());
      const [call] = newCalls();
      assert.deepEqual(call?.body, {
        url: url(),
        event_types: ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'],
        send_name: true,
        send_photo: true,
      });
      assert.deepEqual(result.eventTypes, call?.body.event_types);
      const check = received.at(-1);
      assert.match(check?.body ?? '', /"event":"webhook"/);
      assert.ok(check?.headers['x-viber-content-signature']);
    });

    it('fails when the webhook does not answer the check with 200', async () => {
      status = 401;
      await assert.rejects(registerViberWebhook(fake.account(), url()), /invalidUrl/);
      status = 200;
    });
  });
});
