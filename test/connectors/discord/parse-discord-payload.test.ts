/** Discord parsing quirks: thread keys, replies, attachments, embeds, ignores and the /support interaction. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDiscordPayload } from '../../../connectors/discord/index.ts';
import { BadRequestError } from '../../../plugin/errors.ts';
import type { InboundEvent } from '../../../plugin/messages/normalized-message.ts';
import { fixturesFor } from '../contract-harness.ts';

const SUPPORT_CHANNEL = '1187340021337800100';
const account = { config: { supportChannelId: SUPPORT_CHANNEL, applicationId: '1187340099900000022' } };

function raw(name: string): Buffer {
  return readFileSync(path.join(fixturesFor('discord'), name));
}

function only(name: string, config: { config: Record<string, unknown> } = account): InboundEvent {
  const events = parseDiscordPayload(raw(name), config);
  assert.equal(events.length, 1);
  return events[0] as InboundEvent;
}

function frameWith(name: string, patch: (d: Record<string, unknown>) => void): Buffer {
  const frame = JSON.parse(raw(name).toString('utf8')) as { d: Record<string, unknown> };
  patch(frame.d);
  return Buffer.from(JSON.stringify(frame));
}

describe('discord parse', () => {
  it('keys a top-level support-channel message by its own id, the id its ticket thread will get', () => {
    const event = only('message-create-guild-text.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.channelMessageId, '1330000000000000001');
    assert.equal(event.dedupeKey, 'discord:message:1330000000000000001');
    assert.equal(event.occurredAt, '2026-03-20T10:05:11.212Z');
    assert.deepEqual(event.thread, {
      key: 'thread:1330000000000000001',
      kind: 'thread',
      address: {
        channelId: '1330000000000000001',
        parentChannelId: SUPPORT_CHANNEL,
        starterMessageId: '1330000000000000001',
        guildId: '1187340021337800001',
      },
    });
    assert.equal(event.text, 'Hey, the installer fails with error 0x80070005 on Windows 11');
    assert.deepEqual(event.sender.identifiers, [
      {
        type: 'channel_user',
        value: 'discord:1187340099900000011',
        verified: true,
        source: 'discord:author',
      },
    ]);
    assert.equal(event.sender.displayName, 'Quinn Abara');
    assert.equal(event.sender.username, 'quinn.fake');
    assert.match(
      event.sender.avatarUrl ?? '',
      /^https:\/\/cdn\.discordapp\.com\/avatars\/1187340099900000011\//,
    );
  });

  it('keys messages inside a thread by the thread id', () => {
    const event = only('message-create-in-thread.json');
    assert.equal(event.kind === 'message' && event.thread.key, 'thread:1330000000000000700');
  });

  it('keys DMs by the DM channel', () => {
    const event = only('message-create-dm.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.deepEqual(event.thread, {
      key: 'dm:1330000000000000333',
      kind: 'direct',
      address: { channelId: '1330000000000000333' },
    });
  });

  it('groups support-channel messages per author when threads are turned off', () => {
    const event = only('message-create-guild-text.json', {
      config: { supportChannelId: SUPPORT_CHANNEL, createThreads: false },
    });
    assert.equal(
      event.kind === 'message' && event.thread.key,
      `channel:${SUPPORT_CHANNEL}:1187340099900000011`,
    );
    assert.equal(event.kind === 'message' && event.thread.kind, 'channel');
  });

  it('without a configured support channel, keys guild messages by their channel', () => {
    const event = only('message-create-guild-text.json', { config: {} });
    assert.equal(event.kind === 'message' && event.thread.key, `thread:${SUPPORT_CHANNEL}`);
  });

  it('maps attachments with content type, size and url', () => {
    const event = only('message-create-attachment.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.text, 'Screenshot of the error:');
    assert.deepEqual(event.attachments, [
      {
        kind: 'image',
        url: 'https://cdn.example.com/discord/attachments/1187340021337800100/1330000000000000900/error.png?ex=fake&is=fake&hm=fake',
        platformFileId: '1330000000000000900',
        contentType: 'image/png',
        fileName: 'error.png',
        sizeBytes: 184233,
      },
    ]);
  });

  it('carries the replied-to message id', () => {
    const event = only('message-create-reply.json');
    assert.equal(event.kind === 'message' && event.replyToChannelMessageId, '1330000000000000003');
  });

  it('reads a forward from its snapshot and does not treat it as a reply', () => {
    const event = only('message-create-forward.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.text, 'Error log from the build server: exit code 5');
    assert.equal(event.replyToChannelMessageId, undefined);
  });

  it('keeps rich embed text as a quote and media embeds as attachments; drops link previews', () => {
    const body = frameWith('message-create-dm.json', (d) => {
      d.content = 'see below';
      d.embeds = [
        { type: 'rich', title: 'Order #1042', description: 'Status: shipped' },
        {
          type: 'image',
          url: 'https://media.example.com/a.gif',
          thumbnail: { url: 'https://media.example.com/a.gif' },
        },
        { type: 'link', url: 'https://example.com', title: 'Example' },
      ];
    });
    const [event] = parseDiscordPayload(body, account);
    assert.equal(event?.kind, 'message');
    if (event?.kind !== 'message') return;
    assert.equal(event.text, 'see below\n\n> **Order #1042**\n> Status: shipped');
    assert.deepEqual(event.attachments, [{ kind: 'image', url: 'https://media.example.com/a.gif' }]);
  });

  it('turns MESSAGE_UPDATE with new content into an edit in the same conversation', () => {
    const event = only('message-update-edit.json');
    assert.equal(event.kind, 'edit');
    if (event.kind !== 'edit') return;
    assert.equal(event.channelMessageId, '1330000000000000001');
    assert.equal(event.thread.key, 'thread:1330000000000000001');
    assert.match(event.text, /\(version 24H2\)$/);
    assert.equal(event.occurredAt, '2026-03-20T10:10:30.874Z');
  });

  it('ignores partial MESSAGE_UPDATEs (embed unfurls)', () => {
    const event = only('message-update-unfurl.json');
    assert.equal(event.kind, 'ignored');
  });

  it('turns MESSAGE_DELETE into a delete', () => {
    const event = only('message-delete.json');
    assert.equal(event.kind, 'delete');
    assert.equal(event.kind === 'delete' && event.thread.key, 'thread:1330000000000000002');
  });

  it('turns reactions into reaction events, add and remove', () => {
    const added = only('message-reaction-add.json');
    const removed = only('message-reaction-remove.json');
    assert.equal(added.kind, 'reaction');
    assert.equal(removed.kind, 'reaction');
    if (added.kind !== 'reaction' || removed.kind !== 'reaction') return;
    assert.equal(added.emoji, '👍');
    assert.equal(added.removed, false);
    assert.equal(removed.removed, true);
    assert.equal(added.channelMessageId, '1330000000000000003');
    assert.equal(added.sender.displayName, 'Quinn Abara');
    assert.notEqual(added.dedupeKey, removed.dedupeKey);
  });

  it('formats custom emoji reactions as <:name:id>', () => {
    const body = frameWith('message-reaction-add.json', (d) => {
      d.emoji = { id: '1187340000000000777', name: 'loom' };
    });
    const [event] = parseDiscordPayload(body, account);
    assert.equal(event?.kind === 'reaction' && event.emoji, '<:loom:1187340000000000777>');
  });

  it("ignores the bot's own reactions", () => {
    const body = frameWith('message-reaction-add.json', (d) => {
      d.user_id = '1187340099900000022';
      delete d.member;
    });
    assert.equal(parseDiscordPayload(body, account)[0]?.kind, 'ignored');
  });

  it('ignores bot and webhook authors', () => {
    assert.equal(only('message-create-bot-author.json').kind, 'ignored');
    assert.equal(only('message-create-webhook.json').kind, 'ignored');
  });

  it('ignores system messages such as member joins (type 7)', () => {
    const body = frameWith('message-create-guild-text.json', (d) => {
      d.type = 7;
      d.content = '';
    });
    const [event] = parseDiscordPayload(body, account);
    assert.equal(event?.kind, 'ignored');
    assert.match(event?.kind === 'ignored' ? event.reason : '', /system message type 7/);
  });

  it('ignores THREAD_CREATE, unknown dispatches and non-dispatch frames', () => {
    assert.equal(only('thread-create.json').kind, 'ignored');
    assert.equal(only('typing-start-unknown.json').kind, 'ignored');
    const hello = parseDiscordPayload(Buffer.from('{"op":10,"d":{"heartbeat_interval":41250}}'));
    assert.equal(hello[0]?.kind, 'ignored');
  });

  it('turns /support into a ticket message keyed by the interaction', () => {
    const event = only('interaction-support-command.json');
    assert.equal(event.kind, 'message');
    if (event.kind !== 'message') return;
    assert.equal(event.text, 'My license key is rejected after the upgrade');
    assert.equal(event.thread.key, 'ticket:1330000000000000801');
    assert.equal(event.thread.address.parentChannelId, SUPPORT_CHANNEL);
    assert.equal(event.thread.address.openForUserId, '1187340099900000011');
    assert.equal(event.sender.identifiers[0]?.value, 'discord:1187340099900000011');
    assert.equal(event.dedupeKey, 'discord:interaction:1330000000000000801');
  });

  it('ignores the interaction PING (the handshake answers it)', () => {
    assert.equal(only('interaction-ping.json').kind, 'ignored');
  });

  it('rejects a MESSAGE_CREATE without an author as BadRequestError', () => {
    const body = frameWith('message-create-dm.json', (d) => {
      delete d.author;
    });
    assert.throws(
      () => parseDiscordPayload(body, account),
      (error: unknown) => {
        assert.ok(error instanceof BadRequestError);
        assert.match(error.message, /author/);
        return true;
      },
    );
  });
});
