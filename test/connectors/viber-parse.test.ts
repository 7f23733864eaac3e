/** Viber callback quirks beyond the contract suite: 64-bit tokens, message types, receipts, identity, handshakes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawRequest } from '../../connectors/core/connector.ts';
import { getConnector } from '../../connectors/core/registry.ts';
import { parseJsonKeepingLongIntegers } from '../../connectors/viber/read-viber-json.ts';
import { BadRequestError } from '../../plugin/errors.ts';
import type { InboundEvent, InboundMessageEvent } from '../../plugin/messages/normalized-message.ts';
import { fixturesFor } from './contract-harness.ts';

const connector = getConnector('viber');
const fixture = (name: string) => readFileSync(path.join(fixturesFor('viber'), name));
const parseOne = (name: string): InboundEvent => {
  const events = connector.parse(fixture(name));
  assert.equal(events.length, 1);
  return events[0] as InboundEvent;
};
const message = (name: string): InboundMessageEvent => {
  const event = parseOne(name);
  assert.equal(event.kind, 'message');
  return event as InboundMessageEvent;
};

describe('viber parse', () => {
  describe('64-bit message tokens', () => {
    it('keeps message_token exact where JSON.parse would round it', () => {
      const raw = fixture('message-text.json');
      assert.notEqual(
        String((JSON.parse(raw.toString()) as { message_token: number }).message_token),
        '5741311803571721087',
      );
      const event = message('message-text.json');
      assert.equal(event.channelMessageId, '5741311803571721087');
      assert.equal(event.dedupeKey, 'viber:message:5741311803571721087');
    });

    it('tells neighbouring tokens apart (they would collide after rounding)', () => {
      const delivered = parseOne('delivered.json');
      const failed = parseOne('failed.json');
      assert.equal(delivered.kind === 'status' && delivered.channelMessageId, '5741311803571721150');
      assert.equal(failed.kind === 'status' && failed.channelMessageId, '5741311803571721151');
    });

    it('touches neither digits inside strings nor decimals nor safe integers', () => {
      assert.deepEqual(
        parseJsonKeepingLongIntegers(
          '{"a":12345678901234567890,"s":"id 12345678901234567890 \\" 99999999999999999999","d":0.12345678901234567,"t":1774006000123,"n":[-12345678901234567890]}',
        ),
        {
          a: '12345678901234567890',
          s: 'id 12345678901234567890 " 99999999999999999999',
          d: Number('0.12345678901234567'),
          t: 1774006000123,
          n: ['-12345678901234567890'],
        },
      );
    });
  });

  describe('message types', () => {
    it('text: sender is the verified viber:<id> with name and avatar, thread is the 1:1 chat', () => {
      const event = message('message-text.json');
      assert.equal(event.text, 'Hi, the installer stops at 80% with error 0x80070005');
      assert.deepEqual(event.thread, {
        key: 'user:FAKEviberUser01AbCdEfg==',
        kind: 'direct',
        address: { receiver: 'FAKEviberUser01AbCdEfg==' },
      });
      assert.equal(event.sender.displayName, 'Quinn Avery');
      assert.match(event.sender.avatarUrl ?? '', /^https:\/\/media-direct\.cdn\.viber\.com\//);
      assert.deepEqual(event.sender.identifiers, [
        {
          type: 'channel_user',
          value: 'viber:FAKEviberUser01AbCdEfg==',
          verified: true,
          source: 'viber:sender',
        },
      ]);
      assert.equal(event.occurredAt, '2026-03-20T11:26:40.123Z');
    });

    it('picture: the caption is the text, the photo an image attachment', () => {
      const event = message('message-picture.json');
      assert.equal(event.text, 'This is the screen I get');
      assert.deepEqual(event.attachments, [
        {
          kind: 'image',
          url: 'https://dl-media.viber.com/1/share/2/long/vibes/icon/image/0x0/FAKE_picture_01.jpg',
          fileName: 'screenshot.jpg',
          sizeBytes: 183421,
        },
      ]);
    });

    it('video and file keep their size (checked against the attachment limit before download)', () => {
      assert.equal(message('message-video.json').attachments[0]?.kind, 'video');
      assert.equal(message('message-video.json').attachments[0]?.sizeBytes, 10485760);
      assert.deepEqual(message('message-file.json').attachments[0], {
        kind: 'file',
        url: 'https://dl-media.viber.com/5/media/2/short/any/sig/file/FAKE_file_01/install-log.txt',
        fileName: 'install-log.txt',
        sizeBytes: 20480,
      });
    });

    it('sticker, location and url', () => {
      assert.deepEqual(message('message-sticker.json').attachments, [
        {
          kind: 'sticker',
          url: 'https://viber.com/app/stickers/FAKE_sticker_46105.png',
          platformFileId: '46105',
        },
      ]);
      assert.deepEqual(message('message-location.json').attachments, [
        {
          kind: 'location',
          location: { latitude: 51.50135, longitude: -0.14189, name: 'Example Street 1, London' },
        },
      ]);
      const url = message('message-url.json');
      assert.equal(url.text, 'https://status.example.com/incidents/42');
      assert.deepEqual(url.attachments, []);
    });

    it('contact: a card stays an attachment; the phone is not made a sender identifier', () => {
      const event = message('message-contact.json');
      assert.deepEqual(event.attachments, [
        { kind: 'contact', contact: { name: 'Quinn Avery', phone: '+44 20 7946 0123' } },
      ]);
      assert.deepEqual(
        event.sender.identifiers.map((id) => id.type),
        ['channel_user'],
      );
    });

    it('ignores message types it cannot read, keeping the token as dedupe key', () => {
      const event = parseOne('message-rich-media-unknown.json');
      assert.equal(event.kind, 'ignored');
      assert.equal(event.dedupeKey, 'viber:message:5741311803571721095');
    });
  });

  describe('receipts and other callbacks', () => {
    it('maps delivered/seen/failed to status events on the sent message token', () => {
      assert.deepEqual(
        ['delivered.json', 'seen.json', 'failed.json'].map((name) => {
          const event = parseOne(name);
          return event.kind === 'status' ? [event.status, event.error] : [event.kind];
        }),
        [
          ['delivered', undefined],
          ['read', undefined],
          ['failed', 'failure description'],
        ],
      );
      assert.notEqual(parseOne('delivered.json').dedupeKey, parseOne('seen.json').dedupeKey);
    });

    it('ignores webhook, conversation_started, subscribed and unsubscribed with reasons', () => {
      for (const name of [
        'webhook.json',
        'conversation-started.json',
        'subscribed.json',
        'unsubscribed.json',
      ]) {
        const event = parseOne(name);
        assert.equal(event.kind, 'ignored', name);
        assert.ok(event.kind === 'ignored' && event.reason.length > 10);
      }
    });

    it('gives a redelivered callback the same dedupe key', () => {
      assert.deepEqual(
        connector.parse(fixture('message-text.json')),
        connector.parse(fixture('message-text.json')),
      );
    });
  });

  describe('malformed input', () => {
    const bad = (body: string) => () => connector.parse(Buffer.from(body));
    it('rejects a message without sender, token or message object', () => {
      assert.throws(
        bad('{"event":"message","timestamp":1,"message_token":1,"message":{"type":"text","text":"x"}}'),
        BadRequestError,
      );
      assert.throws(
        bad('{"event":"message","timestamp":1,"sender":{"id":"u"},"message":{"type":"text","text":"x"}}'),
        BadRequestError,
      );
      assert.throws(
        bad('{"event":"message","timestamp":1,"message_token":1,"sender":{"id":"u"}}'),
        BadRequestError,
      );
    });
    it('rejects a receipt without message_token and a token that is not a number', () => {
      assert.throws(bad('{"event":"seen","timestamp":1,"user_id":"u"}'), BadRequestError);
      assert.throws(bad('{"event":"seen","timestamp":1,"message_token":"abc"}'), BadRequestError);
    });
  });

  describe('handshake', () => {
    const account = {
      installationId: 'i1',
      credentials: { authToken: 'x' },
      config: { senderName: 'Omniloom Support', welcomeMessage: 'Hi! Ask us anything 👋' },
    };
    const raw = (name: string): RawRequest => ({
      method: 'POST',
      url: 'https://omniloom.example.com/webhooks/viber/i1',
      headers: {},
      query: {},
      rawBody: fixture(name),
    });

    it('answers the set_webhook check with 200', () => {
      assert.deepEqual(connector.handshake?.(raw('webhook.json'), account), {
        status: 200,
        body: { status: 'ok' },
      });
    });

    it('answers conversation_started with the welcome message Viber shows the user', () => {
      assert.deepEqual(connector.handshake?.(raw('conversation-started.json'), account), {
        status: 200,
        body: { sender: { name: 'Omniloom Support' }, type: 'text', text: 'Hi! Ask us anything 👋' },
      });
    });

    it('answers conversation_started with an empty 200 when no welcome message is set', () => {
      assert.deepEqual(connector.handshake?.(raw('conversation-started.json'), { ...account, config: {} }), {
        status: 200,
        body: '',
      });
    });

    it('leaves messages and receipts to parse', () => {
      assert.equal(connector.handshake?.(raw('message-text.json'), account), undefined);
      assert.equal(connector.handshake?.(raw('delivered.json'), account), undefined);
    });
  });
});
