/** Slack parsing quirks: thread keys, Slack Connect identity, mrkdwn unescaping, files, edits, deletes, bots. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSlackPayload } from '../../../connectors/slack/index.ts';
import { readSlackText } from '../../../connectors/slack/read-slack-text.ts';
import { BadRequestError } from '../../../plugin/errors.ts';
import type { InboundEvent } from '../../../plugin/messages/normalized-message.ts';
import { fixturesFor } from '../contract-harness.ts';

function only(name: string): InboundEvent {
  const events = parseSlackPayload(readFileSync(path.join(fixturesFor('slack'), name)));
  assert.equal(events.length, 1);
  return events[0] as InboundEvent;
}

describe('slack parse', () => {
  it('roots a channel message in its own thread and dedupes on channel+ts', () => {
    const event = only('message-channel.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.deepEqual(event.thread, {
      key: 'thread:C0FAKECHAN1:1774006000.123459',
      kind: 'thread',
      address: { channel: 'C0FAKECHAN1', threadTs: '1774006000.123459' },
    });
    assert.equal(event.channelMessageId, 'C0FAKECHAN1:1774006000.123459');
    assert.equal(event.dedupeKey, 'slack:message:C0FAKECHAN1:1774006000.123459');
    assert.equal(event.occurredAt, new Date(1774006000123).toISOString());
    assert.deepEqual(event.sender, {
      channelUserId: 'U0FAKEUSR01',
      identifiers: [
        {
          type: 'channel_user',
          value: 'slack:T0FAKE0001:U0FAKEUSR01',
          verified: true,
          source: 'slack:event',
        },
      ],
    });
  });

  it('puts a thread reply in the parent thread', () => {
    const event = only('message-thread-reply.json');
    assert.equal(event.kind === 'message' && event.thread.key, 'thread:C0FAKECHAN1:1774006000.123459');
    assert.equal(event.kind === 'message' && event.channelMessageId, 'C0FAKECHAN1:1774006200.000300');
  });

  it('keys IMs by channel and makes mrkdwn links readable', () => {
    const event = only('message-im.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.deepEqual(event.thread, {
      key: 'im:D0FAKEDM001',
      kind: 'direct',
      address: { channel: 'D0FAKEDM001' },
    });
    assert.equal(
      event.text,
      'Quick one: is *2FA* mandatory for `admin` accounts? security page (https://docs.example.com/security)',
    );
  });

  it('identifies a Slack Connect user by their own team and unescapes the text', () => {
    const event = only('message-shared-channel.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.sender.identifiers[0]?.value, 'slack:T0FAKEEXT9:U0FAKEEXT01');
    assert.equal(
      event.text,
      'Hi from Acme & Co: our invoices show <blank> totals, see incident 42 (https://status.example.com/incidents/42) cc @U0FAKEUSR01',
    );
  });

  it('maps file_share files with url_private, mimetype and size', () => {
    const event = only('message-file-share.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.text, 'HAR file attached');
    assert.deepEqual(event.attachments, [
      {
        kind: 'file',
        url: 'https://files.example.com/files-pri/T0FAKE0001-F0FAKEFILE1/download/login.har',
        platformFileId: 'F0FAKEFILE1',
        contentType: 'application/json',
        fileName: 'login.har',
        sizeBytes: 482211,
      },
    ]);
  });

  it('turns message_changed into an edit of the original ts', () => {
    const event = only('message-changed-edit.json');
    assert.equal(event.kind, 'edit');
    if (event.kind !== 'edit') return;
    assert.equal(event.channelMessageId, 'C0FAKECHAN1:1774006000.123459');
    assert.equal(event.thread.key, 'thread:C0FAKECHAN1:1774006000.123459');
    assert.equal(event.text, 'Our SSO login loops back to the start page since 08:00 UTC');
    assert.equal(event.dedupeKey, 'slack:edit:C0FAKECHAN1:1774006000.123459:1774006260.000000');
  });

  it('ignores message_changed without an edit (link unfurls)', () => {
    assert.equal(only('message-changed-unfurl.json').kind, 'ignored');
  });

  it('turns message_deleted into a delete in the thread of the deleted reply', () => {
    const event = only('message-deleted.json');
    assert.equal(event.kind, 'delete');
    if (event.kind !== 'delete') return;
    assert.equal(event.channelMessageId, 'C0FAKECHAN1:1774006200.000300');
    assert.equal(event.thread.key, 'thread:C0FAKECHAN1:1774006000.123459');
  });

  it('turns reaction_added/removed into reactions with the event_id as dedupe key', () => {
    const added = only('reaction-added.json');
    const removed = only('reaction-removed.json');
    assert.equal(added.kind === 'reaction' && added.emoji, ':white_check_mark:');
    assert.equal(added.kind === 'reaction' && added.removed, false);
    assert.equal(removed.kind === 'reaction' && removed.removed, true);
    assert.equal(added.dedupeKey, 'slack:event:Ev0FAKE0005');
    assert.equal(added.kind === 'reaction' && added.channelMessageId, 'C0FAKECHAN1:1774006300.000500');
  });

  it('ignores bot_message, messages with bot_id and the installed bot user', () => {
    assert.equal(only('bot-message.json').kind, 'ignored');
    assert.equal(only('message-own-bot.json').kind, 'ignored');
    const raw = JSON.parse(readFileSync(path.join(fixturesFor('slack'), 'message-own-bot.json'), 'utf8')) as {
      event: Record<string, unknown>;
      authorizations?: unknown;
    };
    delete raw.event.bot_id;
    delete raw.authorizations;
    const body = Buffer.from(JSON.stringify(raw));
    assert.equal(
      parseSlackPayload(body)[0]?.kind,
      'message',
      'without any bot marker it looks like a person',
    );
    assert.equal(parseSlackPayload(body, { config: { botUserId: 'U0FAKEBOT01' } })[0]?.kind, 'ignored');
  });

  it('ignores channel_join and other non-conversation subtypes', () => {
    const raw = JSON.parse(readFileSync(path.join(fixturesFor('slack'), 'message-channel.json'), 'utf8')) as {
      event: Record<string, unknown>;
    };
    raw.event.subtype = 'channel_join';
    const [event] = parseSlackPayload(Buffer.from(JSON.stringify(raw)));
    assert.equal(event?.kind, 'ignored');
  });

  it('rejects an event_callback whose message lacks ts as BadRequestError', () => {
    const raw = JSON.parse(readFileSync(path.join(fixturesFor('slack'), 'message-channel.json'), 'utf8')) as {
      event: Record<string, unknown>;
    };
    delete raw.event.ts;
    assert.throws(() => parseSlackPayload(Buffer.from(JSON.stringify(raw))), BadRequestError);
  });

  describe('readSlackText', () => {
    const cases: Array<[string, string]> = [
      ['a &amp; b &lt;c&gt;', 'a & b <c>'],
      ['&amp;lt; stays literal', '&lt; stays literal'],
      ['<https://x.example/a?b=1&amp;c=2>', 'https://x.example/a?b=1&c=2'],
      ['<https://x.example|x.example>', 'x.example (https://x.example)'],
      ['<mailto:ana@example.com|ana@example.com>', 'ana@example.com'],
      ['hi <@U0FAKE1> and <@U0FAKE2|maria>', 'hi @U0FAKE1 and @maria'],
      ['in <#C0FAKE|support>', 'in #support'],
      ['<!here> <!channel>', '@here @channel'],
      ['<!subteam^S0FAKE|@oncall> ping', '@oncall ping'],
      ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    ];
    for (const [input, expected] of cases) {
      it(`${input} → ${expected}`, () => assert.equal(readSlackText(input), expected));
    }
  });
});
