/** Teams sends, token handling, typing, sender enrichment and downloads against the fake Microsoft cloud. */
import assert from 'node:assert/strict';
import type { ConnectorAccount, ConnectorDeps } from '../../connectors/core/connector.ts';
import { getConnector } from '../../connectors/core/registry.ts';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { OutboundMessage, SenderIdentity, ThreadRef } from '../../plugin/messages/normalized-message.ts';
import {
  type FakeTeams,
  FAKE_TEAMS_APP_ID,
  FAKE_TEAMS_APP_PASSWORD,
  FAKE_TEAMS_BOT_ID,
  FAKE_TEAMS_TENANT,
  startFakeTeams,
} from '../fakes/fake-teams/start-fake-teams.ts';

const connector = getConnector('teams');
const deps: ConnectorDeps = { logger: silentLogger(), maxAttachmentBytes: 1_000_000 };
const PERSONAL = 'a:1FAKEpersonalConversation_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0';
const CHANNEL = '19:FAKEchannel0123456789abcdef@thread.tacv2';
const TEAM = '19:FAKEteam0123456789abcdef@thread.tacv2';
const USER = '29:1FAKEpersonalUserId_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';

describe('teams send', () => {
  let fake: FakeTeams;
  let account: ConnectorAccount;
  let mark: number;
  let accounts = 0;
  const newRequests = () => fake.requests.slice(mark);
  const newActivities = () => fake.activities.filter((activity) => Number(activity.id) > lastActivityId);
  let lastActivityId = 0;

  const personal = (): ThreadRef => ({
    key: `personal:${PERSONAL}`,
    kind: 'direct',
    address: {
      serviceUrl: fake.serviceUrl,
      conversationId: PERSONAL,
      conversationType: 'personal',
      botId: FAKE_TEAMS_BOT_ID,
      tenantId: FAKE_TEAMS_TENANT,
    },
  });
  const channelThread = (): ThreadRef => ({
    key: `channel:${CHANNEL};messageid=1774001400000`,
    kind: 'thread',
    address: {
      serviceUrl: fake.serviceUrl,
      conversationId: `${CHANNEL};messageid=1774001400000`,
      conversationType: 'channel',
      replyToId: '1774001400000',
      botId: FAKE_TEAMS_BOT_ID,
      tenantId: FAKE_TEAMS_TENANT,
      teamId: TEAM,
    },
  });
  const outbound = (text: string, extra: Partial<OutboundMessage> = {}): OutboundMessage => ({
    installationId: 'i1',
    channel: 'teams',
    thread: personal(),
    text,
    attachments: [],
    chatwootMessageId: 1,
    chatwootConversationId: 1,
    ...extra,
  });

  before(async () => {
    fake = await startFakeTeams();
  });
  after(() => fake.close());
  beforeEach(() => {
    // Bot tokens are cached per endpoint and app: a distinct query string gives each test a cold cache.
    account = fake.account({ tokenEndpoint: `${fake.tokenEndpoint}?test=${++accounts}` });
    mark = fake.requests.length;
    lastActivityId = Math.max(0, ...fake.activities.map((activity) => Number(activity.id)));
  });

  it('gets one client-credentials token and reuses it for later sends', async () => {
    await connector.send(outbound('first'), account, deps);
    await connector.send(outbound('second'), account, deps);
    const tokenRequests = newRequests().filter((request) => request.path.includes('/oauth2/v2.0/token'));
    assert.equal(tokenRequests.length, 1);
    assert.deepEqual(tokenRequests[0]?.body, {
      grant_type: 'client_credentials',
      client_id: FAKE_TEAMS_APP_ID,
      client_secret: FAKE_TEAMS_APP_PASSWORD,
      scope: 'https://api.botframework.com/.default',
    });
    const posts = newRequests().filter((request) => request.path.startsWith('/v3/'));
    assert.equal(posts.length, 2);
    assert.equal(posts[0]?.authorization, posts[1]?.authorization);
    assert.match(posts[0]?.authorization ?? '', /^Bearer fake-bot-token-/);
  });

  it('posts a personal-chat reply as markdown text with the conversation reference', async () => {
    const result = await connector.send(outbound('Hello **Morgan**'), account, deps);
    const [activity] = newActivities();
    assert.equal(activity?.conversationId, PERSONAL);
    assert.equal(activity?.replyTo, undefined);
    assert.deepEqual(activity?.body, {
      type: 'message',
      text: 'Hello **Morgan**',
      textFormat: 'markdown',
      conversation: { id: PERSONAL, tenantId: FAKE_TEAMS_TENANT },
      from: { id: FAKE_TEAMS_BOT_ID },
    });
    assert.deepEqual(result.channelMessageIds, [`${PERSONAL}|${activity?.id}`]);
  });

  it('replies into the channel thread (reply-to-activity on the root message)', async () => {
    await connector.send(outbound('On it', { thread: channelThread() }), account, deps);
    const post = newRequests().find((request) => request.path.startsWith('/v3/'));
    assert.equal(
      post?.path,
      `/v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=1774001400000`)}/activities/1774001400000`,
    );
    const [activity] = newActivities();
    assert.equal(activity?.replyTo, '1774001400000');
    assert.equal(activity?.body.replyToId, '1774001400000');
  });

  it('sends a reply with a table as one Adaptive Card', async () => {
    const text = 'Current state:\n\n| Host | State |\n|---|---|\n| web-1 | ok |\n| web-2 | **down** |';
    const result = await connector.send(outbound(text), account, deps);
    const activities = newActivities();
    assert.equal(activities.length, 1);
    assert.equal(result.channelMessageIds.length, 1);
    const attachments = activities[0]?.body.attachments as Array<{
      contentType: string;
      content: { body: Array<{ type: string }> };
    }>;
    assert.equal(attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(
      attachments[0]?.content.body.map((element) => element.type),
      ['TextBlock', 'Table'],
    );
  });

  it('sends an answer beyond the Teams text limit as a few cards the Bot Connector accepts (no 413)', async () => {
    const step = 'Check the service, read its log and restart it if the health probe fails. '.repeat(8);
    const text = Array.from({ length: 60 }, (_, i) => `### Step ${i + 1}\n\n${step}`).join('\n\n');
    assert.ok(text.length > 28_000);
    const result = await connector.send(outbound(text), account, deps);
    const activities = newActivities();
    assert.ok(activities.length >= 2 && activities.length <= 4, `${activities.length} messages`);
    assert.equal(result.channelMessageIds.length, activities.length);
    for (const activity of activities) {
      assert.equal(
        (activity.body.attachments as Array<{ contentType: string }>)[0]?.contentType,
        'application/vnd.microsoft.card.adaptive',
      );
    }
  });

  it('sends images as attachments and other files as links', async () => {
    await connector.send(
      outbound('Files for you', {
        attachments: [
          {
            kind: 'image',
            url: 'https://files.example.com/shot.png',
            contentType: 'image/png',
            fileName: 'shot.png',
          },
          { kind: 'file', url: 'https://files.example.com/manual.pdf', fileName: 'Manual [v2].pdf' },
        ],
      }),
      account,
      deps,
    );
    const bodies = newActivities().map((activity) => activity.body);
    assert.equal(bodies.length, 3);
    assert.deepEqual(bodies[1]?.attachments, [
      { contentType: 'image/png', contentUrl: 'https://files.example.com/shot.png', name: 'shot.png' },
    ]);
    assert.equal(bodies[2]?.text, '- [Manual v2.pdf](https://files.example.com/manual.pdf)');
  });

  it('maps 429 with Retry-After to RateLimitError', async () => {
    fake.throttleNext(3);
    await assert.rejects(connector.send(outbound('hi'), account, deps), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterMs, 3000);
      return true;
    });
  });

  it('fetches a fresh token once when the Bot Connector refuses the cached one', async () => {
    await connector.send(outbound('before'), account, deps);
    fake.revokeTokens();
    await connector.send(outbound('after'), account, deps);
    assert.equal(newRequests().filter((request) => request.path.includes('/oauth2/')).length, 2);
    assert.equal(newActivities().length, 2);
  });

  it('reports a wrong client secret as a ConfigError naming the credentials', async () => {
    const wrong = { ...account, credentials: { appId: FAKE_TEAMS_APP_ID, appPassword: 'not-the-secret' } };
    await assert.rejects(connector.send(outbound('hi'), wrong, deps), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /AADSTS7000215/);
      assert.match(error.message, /appPassword/);
      assert.doesNotMatch(error.message, /not-the-secret/);
      return true;
    });
  });

  it('fails with a clear error when the thread lacks its conversation reference', async () => {
    await assert.rejects(
      connector.send(
        outbound('hi', { thread: { key: 'personal:x', kind: 'direct', address: {} } }),
        account,
        deps,
      ),
      /no serviceUrl\/conversationId/,
    );
  });

  it('shows typing in the conversation', async () => {
    await connector.sendTyping?.(personal(), account, deps);
    const [activity] = newActivities();
    assert.equal(activity?.body.type, 'typing');
  });

  describe('enrichSender', () => {
    const sender = (): SenderIdentity => ({
      channelUserId: USER,
      identifiers: [
        {
          type: 'channel_user',
          value: 'teams:0f1e2d3c-FAKE-4b5a-9c8d-000000000001',
          verified: true,
          source: 'teams:activity',
        },
      ],
    });

    before(() => {
      fake.members.set(`${PERSONAL}|${USER}`, {
        id: USER,
        name: 'Morgan Lee',
        aadObjectId: '0f1e2d3c-FAKE-4b5a-9c8d-000000000001',
        email: 'Morgan.Lee@Example.com',
        userPrincipalName: 'morgan.lee@contoso.onmicrosoft.com',
        tenantId: FAKE_TEAMS_TENANT,
      });
      fake.members.set(`${TEAM}|${USER}`, {
        id: USER,
        name: 'Morgan Lee',
        userPrincipalName: 'morgan_gmail.com#EXT#@contoso.onmicrosoft.com',
        email: 'morgan@gmail.example.com',
      });
    });

    it('adds the tenant-verified email and UPN from the members API', async () => {
      const enriched = await connector.enrichSender!(sender(), account, deps, { thread: personal() });
      assert.equal(enriched.displayName, 'Morgan Lee');
      assert.deepEqual(enriched.identifiers.slice(1), [
        { type: 'email', value: 'morgan.lee@example.com', verified: true, source: 'teams:members.email' },
        {
          type: 'email',
          value: 'morgan.lee@contoso.onmicrosoft.com',
          verified: true,
          source: 'teams:members.upn',
        },
      ]);
      const lookup = newRequests().find((request) => request.path.includes('/members/'));
      assert.equal(
        lookup?.path,
        `/v3/conversations/${encodeURIComponent(PERSONAL)}/members/${encodeURIComponent(USER)}`,
      );
    });

    it('looks channel senders up in the team and skips guest (#EXT#) UPNs', async () => {
      const enriched = await connector.enrichSender!(sender(), account, deps, { thread: channelThread() });
      assert.deepEqual(
        enriched.identifiers.filter((id) => id.type === 'email').map((id) => id.value),
        ['morgan@gmail.example.com'],
      );
    });

    it('caches lookups and leaves the sender unchanged when the member is unknown or no thread is given', async () => {
      const cold = { ...account, installationId: 'teams-cache-check' };
      await connector.enrichSender!(sender(), cold, deps, { thread: personal() });
      await connector.enrichSender!(sender(), cold, deps, { thread: personal() });
      assert.equal(newRequests().filter((request) => request.path.includes('/members/')).length, 1);
      const stranger = { ...sender(), channelUserId: '29:1FAKEunknown' };
      assert.deepEqual(
        await connector.enrichSender!(stranger, account, deps, { thread: personal() }),
        stranger,
      );
      assert.deepEqual(await connector.enrichSender!(sender(), account, deps), sender());
    });
  });

  describe('downloadAttachment', () => {
    before(() => {
      fake.files.set('img-1', { data: Buffer.from('PNGDATA'), contentType: 'image/png' });
      fake.files.set('big', { data: Buffer.alloc(2_000_000, 1), contentType: 'application/octet-stream' });
    });

    it('sends the bot token for images served by the Bot Connector', async () => {
      const url = `${fake.baseUrl}/v3/attachments/img-1/views/original`;
      const file = await connector.downloadAttachment!(
        { kind: 'image', url, platformFileId: url },
        account,
        deps,
      );
      assert.equal(file.data.toString(), 'PNGDATA');
      assert.equal(file.contentType, 'image/png');
      await assert.rejects(
        connector.downloadAttachment!({ kind: 'image', url }, account, deps),
        (error: unknown) => error instanceof OmniloomError && error.details?.status === 401,
      );
    });

    it('downloads pre-authenticated file links without credentials, and refuses oversized files', async () => {
      const file = await connector.downloadAttachment!(
        { kind: 'file', url: `${fake.baseUrl}/files/img-1`, fileName: 'a.png' },
        account,
        deps,
      );
      assert.equal(file.fileName, 'a.png');
      await assert.rejects(
        connector.downloadAttachment!({ kind: 'file', url: `${fake.baseUrl}/files/big` }, account, deps),
        (error: unknown) => error instanceof OmniloomError && error.code === 'payload_too_large',
      );
    });
  });
});
