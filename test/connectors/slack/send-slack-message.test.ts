/** Slack sends, enrichment and downloads against the fake Web API. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { ConnectorDeps } from '../../../connectors/core/connector.ts';
import { createSlackConnector } from '../../../connectors/slack/index.ts';
import { ConfigError, OmniloomError, RateLimitError } from '../../../plugin/errors.ts';
import { silentLogger } from '../../../plugin/logger.ts';
import type {
  OutboundMessage,
  SenderIdentity,
  ThreadRef,
} from '../../../plugin/messages/normalized-message.ts';
import { type FakeSlack, startFakeSlack } from '../../fakes/fake-slack/start-fake-slack.ts';

const connector = createSlackConnector();
const deps: ConnectorDeps = { logger: silentLogger(), maxAttachmentBytes: 1_000_000 };
const thread: ThreadRef = {
  key: 'thread:C0FAKECHAN1:1774006000.123459',
  kind: 'thread',
  address: { channel: 'C0FAKECHAN1', threadTs: '1774006000.123459' },
};

function outbound(text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    installationId: 'i1',
    channel: 'slack',
    thread,
    text,
    attachments: [],
    chatwootMessageId: 1,
    chatwootConversationId: 1,
    ...extra,
  };
}

function sender(user: string): SenderIdentity {
  return {
    channelUserId: user,
    identifiers: [
      { type: 'channel_user', value: `slack:T0FAKE0001:${user}`, verified: true, source: 'slack:event' },
    ],
  };
}

describe('slack send', () => {
  let fake: FakeSlack;
  let mark: number;
  const newCalls = () => fake.calls.slice(mark);

  before(async () => {
    fake = await startFakeSlack();
    fake.users.set('U0FAKEUSR01', {
      id: 'U0FAKEUSR01',
      team_id: 'T0FAKE0001',
      name: 'morgan',
      real_name: 'Morgan Lee',
      profile: {
        email: 'Morgan.Lee@Example.com',
        display_name: 'morgan',
        real_name: 'Morgan Lee',
        image_192: 'https://avatars.example.com/m.png',
      },
    });
    fake.users.set('U0FAKEUSR02', {
      id: 'U0FAKEUSR02',
      team_id: 'T0FAKE0001',
      name: 'sam',
      profile: { email: 'sam@example.com' },
    });
    fake.users.set('U0FAKEUSR03', {
      id: 'U0FAKEUSR03',
      team_id: 'T0FAKE0001',
      name: 'kim',
      profile: { email: 'kim@example.com' },
    });
  });
  after(() => fake.close());
  beforeEach(() => {
    mark = fake.calls.length;
    fake.emailScope = true;
  });

  it('posts mrkdwn into the thread with the bot token', async () => {
    const result = await connector.send(outbound('Hello **Quinn** & co'), fake.account(), deps);
    const [call] = newCalls();
    assert.equal(call?.method, 'chat.postMessage');
    assert.equal(call?.authorization, `Bearer ${fake.botToken}`);
    assert.equal(call?.params.channel, 'C0FAKECHAN1');
    assert.equal(call?.params.thread_ts, '1774006000.123459');
    assert.equal(call?.params.text, 'Hello *Quinn* &amp; co');
    assert.deepEqual(result.channelMessageIds, [`C0FAKECHAN1:${fake.posted.at(-1)?.ts}`]);
  });

  it('posts to an IM without thread_ts', async () => {
    await connector.send(
      outbound('hi', {
        thread: { key: 'im:D0FAKEDM001', kind: 'direct', address: { channel: 'D0FAKEDM001' } },
      }),
      fake.account(),
      deps,
    );
    assert.equal(newCalls()[0]?.params.thread_ts, undefined);
  });

  it('splits a long reply into several postMessage calls of at most 4000 characters', async () => {
    const text = Array.from({ length: 4 }, (_, i) => `Step ${i}: ${'details '.repeat(300)}`).join('\n\n');
    const result = await connector.send(outbound(text), fake.account(), deps);
    const posts = newCalls();
    assert.ok(posts.length >= 2);
    assert.equal(result.channelMessageIds.length, posts.length);
    for (const post of posts) assert.ok(String(post.params.text).length <= 4000);
  });

  it('uploads files with the external upload flow into the thread', async () => {
    // Outbound files come from Chatwoot storage: a plain file host stands in for it (no Slack token sent there).
    const host = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.end('%PDF fake');
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const port = (host.address() as { port: number }).port;
    try {
      await connector.send(
        outbound('See attached', {
          attachments: [
            {
              url: `http://127.0.0.1:${port}/guide.pdf`,
              kind: 'file',
              fileName: 'guide.pdf',
              contentType: 'application/pdf',
            },
          ],
        }),
        fake.account(),
        deps,
      );
    } finally {
      host.close();
    }
    assert.deepEqual(
      newCalls().map((call) => call.method),
      ['chat.postMessage', 'files.getUploadURLExternal', 'files.completeUploadExternal'],
    );
    const upload = [...fake.uploads.values()].at(-1);
    assert.equal(upload?.filename, 'guide.pdf');
    assert.equal(upload?.data?.toString(), '%PDF fake');
    assert.deepEqual(upload?.completed, {
      channel_id: 'C0FAKECHAN1',
      thread_ts: '1774006000.123459',
      title: 'guide.pdf',
    });
  });

  it('surfaces 429 as RateLimitError with Retry-After', async () => {
    fake.rateLimitNext('chat.postMessage', 7);
    await assert.rejects(connector.send(outbound('x'), fake.account(), deps), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterMs, 7000);
      return true;
    });
  });

  it('reports ok:false as an upstream error carrying the Slack error code', async () => {
    fake.failNext('chat.postMessage', 'not_in_channel');
    await assert.rejects(connector.send(outbound('x'), fake.account(), deps), (error: unknown) => {
      assert.ok(error instanceof OmniloomError);
      assert.equal(error.code, 'upstream_error');
      assert.equal(error.details?.slackError, 'not_in_channel');
      return true;
    });
  });

  it('reports a rejected token as ConfigError', async () => {
    const account = fake.account();
    account.installationId = 'bad-token';
    account.credentials = { ...account.credentials, botToken: 'xoxb-wrong' };
    await assert.rejects(connector.send(outbound('x'), account, deps), ConfigError);
  });

  describe('enrichSender', () => {
    it('adds the users.info email as a verified, lower-cased identifier, plus name and avatar', async () => {
      const enriched = await connector.enrichSender?.(sender('U0FAKEUSR01'), fake.account(), deps);
      assert.deepEqual(enriched?.identifiers.at(-1), {
        type: 'email',
        value: 'morgan.lee@example.com',
        verified: true,
        source: 'slack:users.info',
      });
      assert.equal(enriched?.identifiers[0]?.value, 'slack:T0FAKE0001:U0FAKEUSR01');
      assert.equal(enriched?.displayName, 'Morgan Lee');
      assert.equal(enriched?.avatarUrl, 'https://avatars.example.com/m.png');
      assert.equal(newCalls()[0]?.params.user, 'U0FAKEUSR01');
    });

    it('caches lookups briefly', async () => {
      await connector.enrichSender?.(sender('U0FAKEUSR02'), fake.account(), deps);
      await connector.enrichSender?.(sender('U0FAKEUSR02'), fake.account(), deps);
      assert.equal(newCalls().filter((call) => call.method === 'users.info').length, 1);
    });

    it('adds no email when the app lacks users:read.email', async () => {
      fake.emailScope = false;
      const enriched = await connector.enrichSender?.(sender('U0FAKEUSR03'), fake.account(), deps);
      assert.equal(
        enriched?.identifiers.some((id) => id.type === 'email'),
        false,
      );
    });

    it('returns the sender unchanged when Slack has no such user', async () => {
      const original = sender('U0NOBODY');
      assert.deepEqual(await connector.enrichSender?.(original, fake.account(), deps), original);
    });

    it('lets a rate limit through so the job is retried later', async () => {
      fake.rateLimitNext('users.info', 2);
      await assert.rejects(
        connector.enrichSender!(sender('U0FAKEUSR09'), fake.account(), deps),
        RateLimitError,
      );
    });
  });

  describe('downloadAttachment', () => {
    it('fetches url_private with the bot token', async () => {
      fake.files.set('T0FAKE0001-F0FAKEFILE1/login.har', {
        data: Buffer.from('{"log":{}}'),
        contentType: 'application/json',
      });
      const file = await connector.downloadAttachment?.(
        {
          kind: 'file',
          url: `${fake.baseUrl}/files-pri/T0FAKE0001-F0FAKEFILE1/login.har`,
          fileName: 'login.har',
          contentType: 'application/json',
        },
        fake.account(),
        deps,
      );
      assert.equal(file?.data.toString(), '{"log":{}}');
      assert.equal(file?.fileName, 'login.har');
    });

    it("recognises Slack's sign-in page and says which scope is missing", async () => {
      const account = fake.account();
      account.credentials = { ...account.credentials, botToken: 'xoxb-wrong' };
      await assert.rejects(
        connector.downloadAttachment!(
          {
            kind: 'file',
            url: `${fake.baseUrl}/files-pri/T0FAKE0001-F0FAKEFILE1/login.har`,
            contentType: 'application/json',
          },
          account,
          deps,
        ),
        /files:read/,
      );
    });
  });
});
