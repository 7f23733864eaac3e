import assert from 'node:assert/strict';
import { ChatwootApiError, ConfigError } from '../../plugin/errors.ts';
import { createChatwootClient, type ChatwootClient } from '../../plugin/chatwoot/client.ts';
import { reply, sendJson, startTestServer, type TestServer } from './start-test-server.ts';

const ACCOUNT = 3;
const base = `/api/v1/accounts/${ACCOUNT}`;
const TOKEN = 'cw-token-abc';

const contact = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Contact ${id}`,
  email: null,
  blocked: false,
  additional_attributes: {},
  custom_attributes: {},
  ...extra,
});
const conversation = (id: number) => ({
  id,
  account_id: ACCOUNT,
  inbox_id: 1,
  status: 'pending',
  priority: null,
  labels: [],
  messages: [],
  meta: {
    sender: { id: 42, name: 'Ada' },
    channel: 'Channel::Api',
    assignee: null,
    team: null,
    hmac_verified: false,
  },
});
const message = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  content: 'hello',
  inbox_id: 1,
  conversation_id: 8,
  message_type: 0,
  content_type: 'text',
  status: 'sent',
  created_at: 1_700_000_000,
  private: false,
  ...extra,
});

describe('chatwoot client: typed methods and envelopes', () => {
  let server: TestServer;
  let client: ChatwootClient;

  beforeEach(async () => {
    server = await startTestServer();
    client = createChatwootClient({
      baseUrl: `${server.url}/`,
      accountId: ACCOUNT,
      token: TOKEN,
      retry: { baseDelayMs: 1 },
    });
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends the token in the api_access_token header and reads direct objects and arrays', async () => {
    server.route(
      'GET',
      '/api/v1/profile',
      reply(200, { id: 1, name: 'Admin', email: 'admin@example.com', role: 'administrator' }),
    );
    server.route('GET', `${base}/agents`, reply(200, [{ id: 1, name: 'Admin', role: 'administrator' }]));
    server.route('GET', `${base}/teams`, reply(200, [{ id: 2, name: 'Support' }]));
    assert.equal((await client.getProfile()).email, 'admin@example.com');
    assert.equal((await client.listAgents())[0]?.role, 'administrator');
    assert.equal((await client.listTeams())[0]?.name, 'Support');
    for (const request of server.requests) assert.equal(request.headers.api_access_token, TOKEN);
  });

  describe('inboxes', () => {
    it('lists ({ payload }), gets, creates API inboxes, updates and deletes', async () => {
      const inbox = {
        id: 5,
        name: 'Discord',
        channel_type: 'Channel::Api',
        webhook_url: 'https://o.example/w',
        inbox_identifier: 'abc',
      };
      server.route('GET', `${base}/inboxes`, reply(200, { payload: [inbox] }));
      server.route('GET', `${base}/inboxes/5`, reply(200, inbox));
      server.route('POST', `${base}/inboxes`, reply(200, inbox));
      server.route('PATCH', `${base}/inboxes/5`, reply(200, { ...inbox, name: 'Discord 2' }));
      server.route('DELETE', `${base}/inboxes/5`, reply(200, { message: 'Inbox deletion is in progress' }));

      assert.deepEqual(await client.listInboxes(), [inbox]);
      assert.equal((await client.getInbox(5)).inbox_identifier, 'abc');
      const created = await client.createApiInbox({
        name: 'Discord',
        channel: { webhook_url: 'https://o.example/w' },
      });
      assert.equal(created.id, 5);
      assert.deepEqual(server.hits('POST', `${base}/inboxes`)[0]?.json, {
        name: 'Discord',
        channel: { webhook_url: 'https://o.example/w', type: 'api' },
      });
      assert.equal((await client.updateInbox(5, { name: 'Discord 2' })).name, 'Discord 2');
      await client.deleteInbox(5);
      assert.equal(server.hits('DELETE', `${base}/inboxes/5`).length, 1);
    });

    it('reads the inbox bot from { agent_bot }, an empty body as null, and sets or clears it', async () => {
      server.route(
        'GET',
        `${base}/inboxes/5/agent_bot`,
        reply(200, { agent_bot: { id: 9, name: 'Omniloom' } }),
        (_r, res) => {
          res.writeHead(200).end();
        },
      );
      server.route('POST', `${base}/inboxes/5/set_agent_bot`, (_r, res) => void res.writeHead(204).end());
      assert.equal((await client.getInboxAgentBot(5))?.id, 9);
      assert.equal(await client.getInboxAgentBot(5), null);
      await client.setInboxAgentBot(5, 9);
      await client.setInboxAgentBot(5, null);
      assert.deepEqual(
        server.hits('POST', `${base}/inboxes/5/set_agent_bot`).map((request) => request.json),
        [{ agent_bot: 9 }, { agent_bot: null }],
      );
    });
  });

  describe('contacts', () => {
    it('unwraps { payload: { contact, contact_inbox } } on create', async () => {
      server.route(
        'POST',
        `${base}/contacts`,
        reply(200, {
          payload: {
            contact: contact(42),
            contact_inbox: {
              inbox: { id: 5, name: 'Discord', channel_type: 'Channel::Api' },
              source_id: 'discord:1',
            },
          },
        }),
        reply(200, { payload: { contact: contact(43), contact_inbox: { inbox: null, source_id: null } } }),
      );
      const withInbox = await client.createContact({
        name: 'Ada',
        inbox_id: 5,
        source_id: 'discord:1',
        custom_attributes: { tier: 'gold' },
      });
      assert.equal(withInbox.contact.id, 42);
      assert.equal(withInbox.contact_inbox?.source_id, 'discord:1');
      assert.deepEqual(server.hits('POST', `${base}/contacts`)[0]?.json, {
        name: 'Ada',
        inbox_id: 5,
        source_id: 'discord:1',
        custom_attributes: { tier: 'gold' },
      });
      const plain = await client.createContact({ name: 'Bob' });
      assert.equal(plain.contact.id, 43);
      assert.equal(plain.contact_inbox, null);
    });

    it('unwraps { payload } on get/update, and pages on search/filter', async () => {
      server.route('GET', `${base}/contacts/42`, reply(200, { payload: contact(42) }));
      server.route('PUT', `${base}/contacts/42`, reply(200, { payload: contact(42, { name: 'Ada L.' }) }));
      server.route('DELETE', `${base}/contacts/42`, reply(200));
      server.route(
        'GET',
        `${base}/contacts/search`,
        reply(200, { meta: { count: 1, current_page: '1' }, payload: [contact(42)] }),
      );
      server.route(
        'POST',
        `${base}/contacts/filter`,
        reply(200, { meta: { count: 0, current_page: 2 }, payload: [] }),
      );

      assert.equal((await client.getContact(42)).id, 42);
      assert.equal((await client.updateContact(42, { name: 'Ada L.' })).name, 'Ada L.');
      await client.deleteContact(42);

      const found = await client.searchContacts('ada@example.com', { page: 1, sort: '-last_activity_at' });
      assert.deepEqual(found.meta, { count: 1, current_page: '1' });
      assert.equal(found.contacts[0]?.id, 42);
      const search = server.hits('GET', `${base}/contacts/search`)[0];
      assert.equal(search?.query.get('q'), 'ada@example.com');
      assert.equal(search?.query.get('sort'), '-last_activity_at');

      const filtered = await client.filterContacts(
        [
          {
            attribute_key: 'email',
            filter_operator: 'equal_to',
            values: ['ada@example.com'],
            query_operator: null,
          },
        ],
        { page: 2 },
      );
      assert.deepEqual(filtered.contacts, []);
      const filter = server.hits('POST', `${base}/contacts/filter`)[0];
      assert.equal(filter?.query.get('page'), '2');
      assert.deepEqual(filter?.json, {
        payload: [
          {
            attribute_key: 'email',
            filter_operator: 'equal_to',
            values: ['ada@example.com'],
            query_operator: null,
          },
        ],
      });
    });

    it('creates contact inboxes, lists conversations and merges (direct bodies)', async () => {
      server.route(
        'POST',
        `${base}/contacts/42/contact_inboxes`,
        reply(200, { source_id: 'slack:U1', inbox: { id: 6, name: 'Slack' } }),
      );
      server.route('GET', `${base}/contacts/42/conversations`, reply(200, { payload: [conversation(8)] }));
      server.route(
        'POST',
        `${base}/actions/contact_merge`,
        reply(200, contact(42, { email: 'ada@example.com' })),
      );

      const link = await client.createContactInbox(42, {
        inbox_id: 6,
        source_id: 'slack:U1',
        hmac_verified: true,
      });
      assert.deepEqual(link, { source_id: 'slack:U1', inbox: { id: 6, name: 'Slack' } });
      assert.deepEqual(server.hits('POST', `${base}/contacts/42/contact_inboxes`)[0]?.json, {
        inbox_id: 6,
        source_id: 'slack:U1',
        hmac_verified: true,
      });
      assert.equal((await client.listContactConversations(42))[0]?.id, 8);
      const merged = await client.mergeContacts(42, 77);
      assert.equal(merged.email, 'ada@example.com');
      assert.deepEqual(server.hits('POST', `${base}/actions/contact_merge`)[0]?.json, {
        base_contact_id: 42,
        mergee_contact_id: 77,
      });
    });
  });

  describe('conversations', () => {
    it('creates, gets and lists ({ data: { meta, payload } }) with Rails-style labels[]', async () => {
      server.route('POST', `${base}/conversations`, reply(200, conversation(8)));
      server.route('GET', `${base}/conversations/8`, reply(200, conversation(8)));
      server.route(
        'GET',
        `${base}/conversations`,
        reply(200, { data: { meta: { mine_count: 0, all_count: 1 }, payload: [conversation(8)] } }),
      );
      const created = await client.createConversation({
        inbox_id: 1,
        contact_id: 42,
        source_id: 'discord:1',
        message: { content: 'hi', message_type: 'incoming' },
      });
      assert.equal(created.status, 'pending');
      assert.equal((await client.getConversation(8)).meta.sender.id, 42);
      const page = await client.listConversations({
        status: 'open',
        inbox_id: 1,
        labels: ['vip', 'billing'],
        page: 2,
      });
      assert.equal(page.conversations.length, 1);
      assert.equal(page.meta.all_count, 1);
      const query = server.hits('GET', `${base}/conversations`)[0]?.query;
      assert.deepEqual(query?.getAll('labels[]'), ['vip', 'billing']);
      assert.equal(query?.get('status'), 'open');
      assert.equal(query?.get('page'), '2');
    });

    it('toggles status ({ meta, payload }), priority, typing; sets labels and custom attributes', async () => {
      const path = `${base}/conversations/8`;
      server.route(
        'POST',
        `${path}/toggle_status`,
        reply(200, {
          meta: {},
          payload: { success: true, conversation_id: 8, current_status: 'open', snoozed_until: null },
        }),
      );
      server.route('POST', `${path}/toggle_priority`, (_r, res) => void res.writeHead(200).end());
      server.route('POST', `${path}/toggle_typing_status`, (_r, res) => void res.writeHead(200).end());
      server.route('POST', `${path}/labels`, (request, res) =>
        sendJson(res, 200, { payload: (request.json as { labels: string[] }).labels }),
      );
      server.route('GET', `${path}/labels`, reply(200, { payload: ['vip'] }));
      server.route('POST', `${path}/custom_attributes`, reply(200, { custom_attributes: { order: '12' } }));

      assert.equal((await client.toggleConversationStatus(8, 'open')).current_status, 'open');
      await client.toggleConversationStatus(8, 'snoozed', { snoozedUntil: 1_800_000_000 });
      assert.deepEqual(server.hits('POST', `${path}/toggle_status`)[1]?.json, {
        status: 'snoozed',
        snoozed_until: 1_800_000_000,
      });
      await client.toggleConversationPriority(8, null);
      assert.deepEqual(server.hits('POST', `${path}/toggle_priority`)[0]?.json, { priority: null });
      await client.toggleConversationTyping(8, 'on', { isPrivate: false });
      assert.deepEqual(server.hits('POST', `${path}/toggle_typing_status`)[0]?.json, {
        typing_status: 'on',
        is_private: false,
      });
      assert.deepEqual(await client.setConversationLabels(8, ['vip', 'billing']), ['vip', 'billing']);
      assert.deepEqual(await client.getConversationLabels(8), ['vip']);
      assert.deepEqual(await client.setConversationCustomAttributes(8, { order: '12' }), { order: '12' });
    });

    it('assigns agents, teams and bots, and reads a null assignment', async () => {
      const path = `${base}/conversations/8/assignments`;
      server.route(
        'POST',
        path,
        reply(200, { id: 1, name: 'Agent A' }),
        reply(200, { id: 2, name: 'Support' }),
        reply(200, { id: 9, name: 'Omniloom' }),
        reply(200, null),
      );
      assert.equal((await client.assignConversationAgent(8, 1))?.name, 'Agent A');
      assert.equal((await client.assignConversationTeam(8, 2))?.name, 'Support');
      assert.equal((await client.assignConversationBot(8, 9))?.id, 9);
      assert.equal(await client.assignConversationAgent(8, null), null);
      assert.deepEqual(
        server.hits('POST', path).map((request) => request.json),
        [
          { assignee_id: 1 },
          { team_id: 2 },
          { assignee_id: 9, assignee_type: 'AgentBot' },
          { assignee_id: null },
        ],
      );
    });
  });

  describe('messages', () => {
    const path = `${base}/conversations/8/messages`;

    it('creates text, private notes and incoming messages with content_attributes, source_id and echo_id', async () => {
      server.route('POST', path, (request, res) =>
        sendJson(res, 200, message(500, request.json as Record<string, unknown>)),
      );
      const note = await client.createMessage(8, { content: 'internal', private: true });
      assert.equal(note.private, true);
      const incoming = await client.createMessage(8, {
        content: 'Pick one',
        message_type: 'incoming',
        content_type: 'input_select',
        content_attributes: { items: [{ title: 'A', value: 'a' }], in_reply_to: 12 },
        source_id: 'viber:77',
        echo_id: 'tmp-1',
      });
      assert.equal(incoming.source_id, 'viber:77');
      assert.equal(incoming.echo_id, 'tmp-1');
      assert.deepEqual(server.hits('POST', path)[1]?.json, {
        content: 'Pick one',
        message_type: 'incoming',
        content_type: 'input_select',
        content_attributes: { items: [{ title: 'A', value: 'a' }], in_reply_to: 12 },
        source_id: 'viber:77',
        echo_id: 'tmp-1',
      });
    });

    it('lists ({ meta, payload }) with before=, deletes, and updates status (PATCH)', async () => {
      server.route('GET', path, reply(200, { meta: { labels: [] }, payload: [message(1), message(2)] }));
      server.route('DELETE', `${path}/2`, reply(200, message(2, { content: 'This message was deleted' })));
      server.route('PATCH', `${path}/1`, (request, res) =>
        sendJson(res, 200, message(1, request.json as Record<string, unknown>)),
      );
      const page = await client.listMessages(8, { before: 3 });
      assert.deepEqual(
        page.messages.map((m) => m.id),
        [1, 2],
      );
      assert.equal(server.hits('GET', path)[0]?.query.get('before'), '3');
      await client.deleteMessage(8, 2);
      const updated = await client.updateMessageStatus(8, 1, 'failed', 'Discord said 50007');
      assert.equal(updated.status, 'failed');
      assert.deepEqual(server.hits('PATCH', `${path}/1`)[0]?.json, {
        status: 'failed',
        external_error: 'Discord said 50007',
      });
    });
  });

  it('agent bots: CRUD with direct bodies', async () => {
    const bot = {
      id: 9,
      name: 'Omniloom',
      outgoing_url: 'https://o.example/bot',
      bot_type: 'webhook',
      access_token: 'bot-token',
    };
    server.route('GET', `${base}/agent_bots`, reply(200, [bot]));
    server.route('GET', `${base}/agent_bots/9`, reply(200, bot));
    server.route('POST', `${base}/agent_bots`, reply(200, bot));
    server.route('PATCH', `${base}/agent_bots/9`, reply(200, { ...bot, name: 'Omniloom 2' }));
    server.route('DELETE', `${base}/agent_bots/9`, (_r, res) => void res.writeHead(204).end());
    assert.equal((await client.listAgentBots()).length, 1);
    assert.equal((await client.getAgentBot(9)).access_token, 'bot-token');
    await client.createAgentBot({
      name: 'Omniloom',
      outgoing_url: 'https://o.example/bot',
      bot_type: 'webhook',
    });
    assert.deepEqual(server.hits('POST', `${base}/agent_bots`)[0]?.json, {
      name: 'Omniloom',
      outgoing_url: 'https://o.example/bot',
      bot_type: 'webhook',
    });
    assert.equal((await client.updateAgentBot(9, { name: 'Omniloom 2' })).name, 'Omniloom 2');
    await client.deleteAgentBot(9);
  });

  it('dashboard apps: CRUD sending { dashboard_app: {...} }', async () => {
    const app = {
      id: 4,
      title: 'Omniloom',
      content: [{ type: 'frame', url: 'https://o.example/app' }],
      created_at: '2026-01-01',
    };
    server.route('GET', `${base}/dashboard_apps`, reply(200, [app]));
    server.route('GET', `${base}/dashboard_apps/4`, reply(200, app));
    server.route('POST', `${base}/dashboard_apps`, reply(200, app));
    server.route('PATCH', `${base}/dashboard_apps/4`, reply(200, app));
    server.route('DELETE', `${base}/dashboard_apps/4`, (_r, res) => void res.writeHead(204).end());
    assert.equal((await client.listDashboardApps())[0]?.content[0]?.url, 'https://o.example/app');
    assert.equal((await client.getDashboardApp(4)).title, 'Omniloom');
    await client.createDashboardApp({
      title: 'Omniloom',
      content: [{ type: 'frame', url: 'https://o.example/app' }],
    });
    assert.deepEqual(server.hits('POST', `${base}/dashboard_apps`)[0]?.json, {
      dashboard_app: { title: 'Omniloom', content: [{ type: 'frame', url: 'https://o.example/app' }] },
    });
    await client.updateDashboardApp(4, { title: 'Omniloom' });
    await client.deleteDashboardApp(4);
  });

  it('webhooks: unwraps { payload: { webhooks } } and { payload: { webhook } }, sends { webhook }', async () => {
    const hook = {
      id: 11,
      url: 'https://o.example/hook',
      name: 'Omniloom',
      subscriptions: ['message_created'],
      account_id: ACCOUNT,
    };
    server.route('GET', `${base}/webhooks`, reply(200, { payload: { webhooks: [hook] } }));
    server.route('POST', `${base}/webhooks`, reply(200, { payload: { webhook: hook } }));
    server.route(
      'PATCH',
      `${base}/webhooks/11`,
      reply(200, { payload: { webhook: { ...hook, name: 'O2' } } }),
    );
    server.route('DELETE', `${base}/webhooks/11`, reply(200));
    assert.deepEqual(await client.listWebhooks(), [hook]);
    const created = await client.createWebhook({
      url: hook.url,
      name: 'Omniloom',
      subscriptions: ['message_created'],
    });
    assert.equal(created.id, 11);
    assert.deepEqual(server.hits('POST', `${base}/webhooks`)[0]?.json, {
      webhook: { url: hook.url, name: 'Omniloom', subscriptions: ['message_created'] },
    });
    assert.equal((await client.updateWebhook(11, { name: 'O2' })).name, 'O2');
    await client.deleteWebhook(11);
  });

  it('help center: lists portals and iterates article pages', async () => {
    const article = (id: number) => ({
      id,
      slug: `a-${id}`,
      title: `Article ${id}`,
      content: '# Hi',
      status: 'published',
    });
    server.route('GET', `${base}/portals`, reply(200, { payload: [{ id: 1, name: 'Docs', slug: 'docs' }] }));
    server.route(
      'GET',
      `${base}/portals/docs/articles`,
      reply(200, { payload: [article(1), article(2)], meta: { articles_count: 3, current_page: '1' } }),
      reply(200, { payload: [article(3)], meta: { articles_count: 3, current_page: '2' } }),
    );
    assert.equal((await client.listPortals())[0]?.slug, 'docs');
    const titles: string[] = [];
    for await (const item of client.iterateArticles('docs', { locale: 'en', status: 'published' }))
      titles.push(item.title);
    assert.deepEqual(titles, ['Article 1', 'Article 2', 'Article 3']);
    const pages = server.hits('GET', `${base}/portals/docs/articles`);
    assert.deepEqual(
      pages.map((request) => [
        request.query.get('page'),
        request.query.get('locale'),
        request.query.get('status'),
      ]),
      [
        ['1', 'en', 'published'],
        ['2', 'en', 'published'],
      ],
    );
  });

  it('rejects a body whose envelope differs from what Chatwoot documents', async () => {
    server.route('GET', `${base}/contacts/42`, reply(200, contact(42)));
    await assert.rejects(client.getContact(42), (error: unknown) => {
      assert.ok(error instanceof ChatwootApiError);
      assert.match(error.message, /expected \{ payload: \{\.\.\.\} \}/);
      assert.equal(error.retryable, false);
      return true;
    });
  });

  it('raw clients stay available, typed by the specs, with the same transport', async () => {
    server.route('GET', `${base}/dashboard_apps`, reply(200, []));
    const { data, response } = await client.supplement.GET('/api/v1/accounts/{account_id}/dashboard_apps', {
      params: { path: { account_id: ACCOUNT } },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(data, []);
    assert.equal(server.requests[0]?.headers.api_access_token, TOKEN);
  });

  it('fails fast on unusable settings', () => {
    assert.throws(
      () => createChatwootClient({ baseUrl: 'chatwoot.example.com', accountId: 1, token: 't' }),
      ConfigError,
    );
    assert.throws(
      () => createChatwootClient({ baseUrl: 'https://c.example', accountId: 0, token: 't' }),
      ConfigError,
    );
    assert.throws(
      () => createChatwootClient({ baseUrl: 'https://c.example', accountId: 1, token: ' ' }),
      ConfigError,
    );
  });
});
