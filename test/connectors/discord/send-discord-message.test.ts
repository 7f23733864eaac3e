/** Discord sends against the fake REST API: parts, mentions, tickets, files, rate limits. */
import assert from 'node:assert/strict';
import type { ConnectorDeps } from '../../../connectors/core/connector.ts';
import { createDiscordConnector, renderForDiscord } from '../../../connectors/discord/index.ts';
import { ConfigError, RateLimitError } from '../../../plugin/errors.ts';
import { silentLogger } from '../../../plugin/logger.ts';
import type { OutboundMessage, ThreadRef } from '../../../plugin/messages/normalized-message.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/fake-discord/start-fake-discord.ts';

const connector = createDiscordConnector();
const deps: ConnectorDeps = { logger: silentLogger(), maxAttachmentBytes: 1_000_000 };
const SUPPORT = '1187340021337800100';
const DM = '1330000000000000333';

function outbound(thread: ThreadRef, text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    installationId: 'i1',
    channel: 'discord',
    thread,
    text,
    attachments: [],
    chatwootMessageId: 7,
    chatwootConversationId: 3,
    ...extra,
  };
}

const dmThread: ThreadRef = { key: `dm:${DM}`, kind: 'direct', address: { channelId: DM } };

describe('discord send', () => {
  let fake: FakeDiscord;
  let mark: number;
  const newRequests = () => fake.state.requests.slice(mark);

  before(async () => {
    fake = await startFakeDiscord();
    fake.state.addChannel(SUPPORT, 0);
    fake.state.addChannel(DM, 1);
  });
  after(() => fake.close());
  beforeEach(() => {
    mark = fake.state.requests.length;
  });

  it('posts with the bot token, mentions disabled, and returns the new message id', async () => {
    const result = await connector.send(outbound(dmThread, 'Hi @everyone <@123>'), fake.account(), deps);
    const [call] = newRequests();
    assert.equal(call?.authorization, `Bot ${fake.botToken}`);
    assert.deepEqual(call?.body, {
      content: renderForDiscord('Hi @everyone <@123>')[0],
      allowed_mentions: { parse: [] },
    });
    assert.ok(!String(call?.body?.content).includes('@everyone'), 'mention neutralised in the text too');
    assert.deepEqual(result.channelMessageIds, [fake.state.messages.at(-1)?.id]);
  });

  it('splits a long reply into several messages of at most 2000 characters, replying with the first', async () => {
    const text = Array.from({ length: 5 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum '.repeat(70)}`).join(
      '\n\n',
    );
    const result = await connector.send(
      outbound(dmThread, text, { replyToChannelMessageId: '1330000000000000005' }),
      fake.account(),
      deps,
    );
    const posts = newRequests();
    assert.ok(posts.length >= 3);
    assert.equal(result.channelMessageIds.length, posts.length);
    for (const post of posts) assert.ok(String(post.body?.content).length <= 2000);
    assert.deepEqual(posts[0]?.body?.message_reference, {
      message_id: '1330000000000000005',
      fail_if_not_exists: false,
    });
    assert.equal(posts[1]?.body?.message_reference, undefined);
  });

  it('opens the support-channel ticket thread from the customer message on the first reply', async () => {
    const starter = '1330000000000000001';
    const thread: ThreadRef = {
      key: `thread:${starter}`,
      kind: 'thread',
      address: { channelId: starter, parentChannelId: SUPPORT, starterMessageId: starter, guildId: '1' },
    };
    await connector.send(outbound(thread, 'Looking into it'), fake.account(), deps);
    assert.deepEqual(
      newRequests().map((r) => `${r.method} ${r.path}`),
      [
        `POST /api/v10/channels/${starter}/messages`,
        `POST /api/v10/channels/${SUPPORT}/messages/${starter}/threads`,
        `POST /api/v10/channels/${starter}/messages`,
      ],
    );
    assert.equal(fake.state.channels.get(starter)?.parent_id, SUPPORT);

    mark = fake.state.requests.length;
    await connector.send(outbound(thread, 'Second reply'), fake.account(), deps);
    assert.equal(newRequests().length, 1, 'the thread exists now: one request');
  });

  it('opens a private /support ticket in two steps: creates the thread, then adds the customer and links it', async () => {
    const opener = connector.threadOpener!;
    const ticket: ThreadRef = {
      key: 'ticket:1330000000000000801',
      kind: 'thread',
      address: {
        parentChannelId: SUPPORT,
        openForUserId: '1187340099900000011',
        applicationId: fake.applicationId,
        interactionToken: 'FAKE_interaction_token',
        guildId: '1187340021337800001',
      },
    };
    assert.equal(opener.isPending(ticket), true);
    await assert.rejects(
      connector.send(outbound(ticket, 'too early'), fake.account(), deps),
      /not opened yet/,
    );

    const created = await opener.advance(ticket, fake.account(), deps);
    const threadId = created.address.channelId ?? '';
    assert.deepEqual(
      newRequests().map((r) => `${r.method} ${r.path}`),
      [`POST /api/v10/channels/${SUPPORT}/threads`],
      'the first step makes only the call that must not be repeated',
    );
    assert.equal(newRequests()[0]?.body?.type, 12, 'private thread');
    assert.equal(created.key, `thread:${threadId}`);
    assert.equal(opener.isPending(created), true, 'the customer is not in the thread yet');

    mark = fake.state.requests.length;
    const opened = await opener.advance(created, fake.account(), deps);
    const calls = newRequests();
    assert.deepEqual(
      calls.map((r) => `${r.method} ${r.path}`),
      [
        `PUT /api/v10/channels/${threadId}/thread-members/1187340099900000011`,
        `PATCH /api/v10/webhooks/${fake.applicationId}/FAKE_interaction_token/messages/@original`,
      ],
    );
    assert.equal(calls[1]?.authorization, undefined, 'interaction webhooks are not bot-authenticated');
    assert.equal(calls[1]?.body?.content, `Your ticket is open: <#${threadId}>`);
    assert.deepEqual(opened, {
      key: `thread:${threadId}`,
      kind: 'thread',
      address: { channelId: threadId, parentChannelId: SUPPORT, guildId: '1187340021337800001' },
    });
    assert.equal(opener.isPending(opened), false);
    assert.ok(fake.state.channels.get(threadId)?.members.has('1187340099900000011'));

    mark = fake.state.requests.length;
    await connector.send(outbound(opened, 'Thanks! An agent will answer here.'), fake.account(), deps);
    assert.deepEqual(
      newRequests().map((r) => `${r.method} ${r.path}`),
      [`POST /api/v10/channels/${threadId}/messages`],
    );
  });

  it('uploads attachments as multipart files on the last part', async () => {
    fake.state.cdn.set('report.pdf', { data: Buffer.from('%PDF-1.4 fake'), contentType: 'application/pdf' });
    await connector.send(
      outbound(dmThread, 'Here is the report', {
        attachments: [
          {
            url: `${fake.cdnUrl}report.pdf`,
            kind: 'file',
            fileName: 'report.pdf',
            contentType: 'application/pdf',
          },
        ],
      }),
      fake.account(),
      deps,
    );
    const [post] = newRequests();
    assert.equal(post?.body?.content, 'Here is the report');
    assert.deepEqual(post?.body?.attachments, [{ id: 0, filename: 'report.pdf' }]);
    assert.equal(post?.files.length, 1);
    assert.equal(post?.files[0]?.name, 'report.pdf');
    assert.equal(post?.files[0]?.data.toString(), '%PDF-1.4 fake');
  });

  it('refuses an attachment above the size limit before calling Discord', async () => {
    fake.state.cdn.set('big.bin', { data: Buffer.alloc(2048), contentType: 'application/octet-stream' });
    await assert.rejects(
      connector.send(
        outbound(dmThread, 'big', { attachments: [{ url: `${fake.cdnUrl}big.bin`, kind: 'file' }] }),
        fake.account(),
        { ...deps, maxAttachmentBytes: 1024 },
      ),
      /larger than the 1024-byte limit/,
    );
    assert.equal(newRequests().length, 0);
  });

  it("surfaces a 429 as RateLimitError with Discord's retry time", async () => {
    fake.state.rateLimits.push(3);
    const account = fake.account();
    // A separate installation id: a fresh REST client without the learned bucket.
    account.installationId = 'rate-limited';
    await assert.rejects(connector.send(outbound(dmThread, 'hello'), account, deps), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.ok(
        error.retryAfterMs >= 3000 && error.retryAfterMs < 5000,
        `retryAfterMs ${error.retryAfterMs}`,
      );
      return true;
    });
  });

  it('reports a rejected token as ConfigError', async () => {
    const account = fake.account();
    account.installationId = 'bad-token';
    account.credentials = { ...account.credentials, botToken: 'wrong' };
    await assert.rejects(connector.send(outbound(dmThread, 'hello'), account, deps), ConfigError);
  });

  it('reports a missing token as ConfigError naming the credential', async () => {
    await assert.rejects(
      connector.send(outbound(dmThread, 'x'), { installationId: 'none', credentials: {}, config: {} }, deps),
      /botToken/,
    );
  });

  it('shows typing in the channel', async () => {
    await connector.sendTyping?.(dmThread, fake.account(), deps);
    assert.deepEqual(
      newRequests().map((r) => `${r.method} ${r.path}`),
      [`POST /api/v10/channels/${DM}/typing`],
    );
  });

  it('downloads an inbound attachment from its CDN url', async () => {
    fake.state.cdn.set('error.png', {
      data: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      contentType: 'image/png',
    });
    const file = await connector.downloadAttachment?.(
      { kind: 'image', url: `${fake.cdnUrl}error.png`, fileName: 'error.png', contentType: 'image/png' },
      fake.account(),
      deps,
    );
    assert.equal(file?.fileName, 'error.png');
    assert.equal(file?.contentType, 'image/png');
    assert.deepEqual([...(file?.data ?? [])], [0x89, 0x50, 0x4e, 0x47]);
  });
});
