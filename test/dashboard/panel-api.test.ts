import assert from 'node:assert/strict';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { SESSION_HEADER } from '../../dashboard-extension/index.ts';
import { eventually } from '../helpers/start-omniloom.ts';
import { startPanelWorld, type Customer, type PanelWorld } from './start-panel-world.ts';

/** The panel's HTTP side and sockets against a real Omniloom installed into the sandbox Chatwoot. */
describe('dashboard panel API', function () {
  this.timeout(60_000);
  let world: PanelWorld;
  let customer: Customer;
  /** A conversation that exists only in a second Chatwoot account. */
  let foreignConversationId: number;

  before(async () => {
    world = await startPanelWorld();
    customer = await world.newCustomer('Marta');
    const other = await world.api.post('/__sandbox/accounts', { name: 'Another company' });
    const otherInbox = (
      await world.api.post('/__sandbox/inboxes', {
        channel_type: 'Channel::Sms',
        name: 'SMS',
        account_id: other.id,
      })
    ).id;
    let last = 0;
    // Display ids are per account: make one the first account does not have.
    for (let index = 0; index < 8; index += 1) {
      const arrival = await world.native(otherInbox, {
        contact: { phone_number: `+1415555${String(7000 + index)}` },
        content: `other ${index}`,
      });
      last = arrival.conversation.id;
    }
    assert.equal(
      world.sandbox.state.findConversation(world.sandbox.accountId, last),
      undefined,
      'not in the installed account',
    );
    foreignConversationId = last;
  });

  after(async () => {
    await world?.stop();
  });

  describe('the page', () => {
    it('is framed only by the installation’s Chatwoot, loads only its own scripts and styles, and carries a session', async () => {
      const response = await request(world.omniloom.url)
        .get(`/dashboard/${world.installationId}`)
        .set('Sec-Fetch-Dest', 'iframe');
      assert.equal(response.status, 200);
      const csp = String(response.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp.split(';').map((part) => [part.trim().split(' ')[0], part.trim().split(' ').slice(1)]),
      );
      assert.deepEqual(directives['frame-ancestors'], [new URL(world.sandbox.url).origin]);
      assert.deepEqual(directives['script-src'], ["'self'"]);
      assert.deepEqual(directives['style-src'], ["'self'"]);
      assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), csp);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(response.headers['referrer-policy'], 'no-referrer');

      const html = response.text;
      assert.match(html, new RegExp(`data-chatwoot-origin="${new URL(world.sandbox.url).origin}"`));
      assert.match(html, /data-session="[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline script');
      assert.ok(!/<style|\sstyle=/.test(html), 'no inline style');
      assert.ok(!html.includes(world.sandbox.adminToken), 'the Chatwoot token never reaches the page');

      for (const asset of [
        '/dashboard/assets/panel.js',
        '/dashboard/assets/panel.css',
        '/dashboard/assets/icons.svg',
        '/dashboard/assets/vendor/socket.io.min.js',
      ]) {
        const served = await request(world.omniloom.url).get(asset);
        assert.equal(served.status, 200, asset);
      }
    });

    it('renders no session outside a frame or for an unknown installation (framed by nobody)', async () => {
      const topLevel = await request(world.omniloom.url)
        .get(`/dashboard/${world.installationId}`)
        .set('Sec-Fetch-Dest', 'document');
      assert.equal(topLevel.status, 200);
      assert.ok(!topLevel.text.includes('data-session'));
      assert.match(topLevel.text, /Open a conversation in Chatwoot/);

      const unknown = await request(world.omniloom.url).get(
        '/dashboard/00000000-0000-4000-8000-000000000000',
      );
      assert.equal(unknown.status, 404);
      assert.match(String(unknown.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.ok(!unknown.text.includes('data-session'));
    });
  });

  describe('the session', () => {
    it('is required, must be genuine, current and of this installation', async () => {
      const path = `/conversations/${customer.telegramConversationId}`;
      assert.equal((await world.panel(path, { session: null })).status, 401);

      const token = await world.session();
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const stretched = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString(
        'base64url',
      );
      const tampered = await world.panel(path, { session: `${header}.${stretched}.${signature}` });
      assert.equal(tampered.status, 401);
      assert.match(tampered.body.error.message, /not valid/);

      const expired = await world.panel(path, {
        session: await world.session({ now: new Date(Date.now() - 16 * 60_000) }),
      });
      assert.equal(expired.status, 401);
      assert.match(expired.body.error.message, /expired/);

      const otherInstallation = await world.panel(path, {
        session: await world.session({ installationId: 'b7d1f2a0-0000-4000-8000-000000000002' }),
      });
      assert.equal(otherInstallation.status, 403);
      assert.equal(otherInstallation.body.error.code, 'forbidden');

      assert.equal((await world.panel(path)).status, 200);
    });

    it('renews into a new working token', async () => {
      const renewed = await world.panel('/session', { method: 'POST', json: {} });
      assert.equal(renewed.status, 200);
      assert.ok(Date.parse(renewed.body.expiresAt) > Date.now() + 10 * 60_000);
      assert.equal(
        (
          await world.panel(`/conversations/${customer.telegramConversationId}`, {
            session: renewed.body.token,
          })
        ).status,
        200,
      );
      const fromExpired = await world.panel('/session', {
        method: 'POST',
        json: {},
        session: await world.session({ now: new Date(Date.now() - 16 * 60_000) }),
      });
      assert.equal(fromExpired.status, 401);
    });
  });

  describe('server-side checks against Chatwoot', () => {
    it('refuses a conversation of another account, and sends nothing there', async () => {
      const read = await world.panel(`/conversations/${foreignConversationId}`);
      assert.equal(read.status, 404);
      assert.match(read.body.error.message, /not in this Chatwoot account/);

      // Even a suggestion stored under that id cannot be sent through the panel.
      const planted = await world.addSuggestion(foreignConversationId, 1, { text: 'planted' });
      const accept = await world.panel(
        `/conversations/${foreignConversationId}/suggestions/${planted.id}/accept`,
        { json: {} },
      );
      assert.equal(accept.status, 404);
      assert.equal(
        (await world.omniloom.runtime.store.suggestions.get(world.installationId, planted.id))?.status,
        'pending',
      );
      const otherAccount = [...world.sandbox.state.conversations.values()].filter(
        (row) => row.accountId !== world.sandbox.accountId,
      );
      for (const row of otherAccount) {
        assert.ok(!world.sandbox.state.messagesOf(row.id).some((message) => message.content === 'planted'));
      }
    });

    it('refuses a suggestion of another conversation', async () => {
      const suggestion = await world.addSuggestion(
        customer.telegramConversationId,
        customer.telegramMessageId,
      );
      const crossed = await world.panel(
        `/conversations/${customer.emailConversationId}/suggestions/${suggestion.id}/accept`,
        { json: {} },
      );
      assert.equal(crossed.status, 404);
      assert.equal(
        (await world.omniloom.runtime.store.suggestions.get(world.installationId, suggestion.id))?.status,
        'pending',
      );
    });

    it('lets the identity API admit the session only for contacts of the account, alongside the admin token', async () => {
      const path = (contactId: number) =>
        `/api/installations/${world.installationId}/contacts/${contactId}/identity`;
      const session = await world.session();
      const mine = await request(world.omniloom.url)
        .get(path(customer.telegramContactId))
        .set(SESSION_HEADER, session);
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.body.suggestions.length, 1);

      const foreignContact = [...world.sandbox.state.contacts.values()].find(
        (contact) => contact.accountId !== world.sandbox.accountId,
      );
      assert.ok(foreignContact);
      const foreign = await request(world.omniloom.url)
        .get(path(foreignContact.id))
        .set(SESSION_HEADER, session);
      assert.equal(foreign.status, 404);

      const wrong = await request(world.omniloom.url)
        .get(path(customer.telegramContactId))
        .set(SESSION_HEADER, await world.session({ installationId: 'b7d1f2a0-0000-4000-8000-000000000002' }));
      assert.equal(wrong.status, 403);
      const none = await request(world.omniloom.url)
        .get(path(customer.telegramContactId))
        .set('accept', 'application/json');
      assert.equal(none.status, 401);
      const admin = await request(world.omniloom.url)
        .get(path(customer.telegramContactId))
        .set('authorization', `Bearer ${world.omniloom.adminToken}`);
      assert.equal(admin.status, 200);

      const suggestionId = mine.body.suggestions[0].id;
      const intoForeign = await request(world.omniloom.url)
        .post(`${path(customer.telegramContactId)}/suggestions/${suggestionId}/dismiss`)
        .set(SESSION_HEADER, session)
        .send({ conversationId: foreignConversationId });
      assert.equal(intoForeign.status, 404, 'the conversation named in the body is checked too');
    });
  });

  describe('acting on suggestions', () => {
    it('renders the suggestions with the customer message they answer, escaped', async () => {
      const tricky = await world.addSuggestion(customer.telegramConversationId, customer.telegramMessageId, {
        text: 'Use <b>this</b> & "that" <script>alert(1)</script>',
      });
      const answer = await world.panel(`/conversations/${customer.telegramConversationId}`);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.contactId, customer.telegramContactId);
      const html = answer.body.suggestionsHtml as string;
      assert.ok(html.includes(`data-suggestion-id="${tricky.id}"`));
      assert.ok(html.includes('Use &lt;b&gt;this&lt;/b&gt; &amp; &quot;that&quot; &lt;script&gt;'));
      assert.ok(!html.includes('<script>'));
      assert.ok(html.includes(`my email is ${customer.email}`), 'the customer message it answers');
      assert.ok(html.includes('Shipping times') && html.includes('82%'));
      const customerHtml = answer.body.customerHtml as string;
      assert.ok(
        customerHtml.includes('Possibly the same person') &&
          customerHtml.includes(`#${customer.emailContactId}`),
      );
      assert.ok(customerHtml.includes('claimed') && customerHtml.includes('typed in a message'));
    });

    it('accept sends the text as an outgoing public message and records it; a second accept is refused', async () => {
      const suggestion = await world.addSuggestion(
        customer.telegramConversationId,
        customer.telegramMessageId,
        {
          text: `Accepted reply ${Date.now()}`,
        },
      );
      const accepted = await world.panel(
        `/conversations/${customer.telegramConversationId}/suggestions/${suggestion.id}/accept`,
        { json: {} },
      );
      assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
      assert.equal(accepted.body.suggestion.status, 'accepted');
      assert.match(accepted.body.cardHtml, /Sent/);
      const sent = world
        .messagesOf(customer.telegramConversationId)
        .filter((message) => message.content === suggestion.text);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.messageType, 'outgoing');
      assert.equal(sent[0]!.private, false);

      const stored = await world.omniloom.runtime.store.suggestions.get(world.installationId, suggestion.id);
      assert.equal(stored?.status, 'accepted');
      assert.equal(stored?.sentText, suggestion.text);
      assert.ok(stored?.resolvedAt);
      const events = await world.omniloom.runtime.store.analytics.list({
        installationId: world.installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: ['suggestion.accepted'],
      });
      const event = events.find((row) => row.data.suggestionId === suggestion.id);
      assert.equal(event?.data.editDistance, 0);
      assert.equal(event?.conversationId, customer.telegramConversationId);
      assert.equal(event?.channel, 'telegram');

      const again = await world.panel(
        `/conversations/${customer.telegramConversationId}/suggestions/${suggestion.id}/accept`,
        { json: {} },
      );
      assert.equal(again.status, 409);
      assert.equal(
        world
          .messagesOf(customer.telegramConversationId)
          .filter((message) => message.content === suggestion.text).length,
        1,
      );
    });

    it('edit sends the edited text and records the edit distance; reject records the reason', async () => {
      const edited = await world.addSuggestion(customer.telegramConversationId, customer.telegramMessageId, {
        text: 'Your order ships today.',
      });
      const sentText = 'Your order shipped today!';
      const answer = await world.panel(
        `/conversations/${customer.telegramConversationId}/suggestions/${edited.id}/edit`,
        { json: { text: sentText } },
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.suggestion.status, 'edited');
      assert.equal(
        world.messagesOf(customer.telegramConversationId).filter((message) => message.content === sentText)
          .length,
        1,
      );
      const events = await world.omniloom.runtime.store.analytics.list({
        installationId: world.installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: ['suggestion.edited'],
      });
      const event = events.find((row) => row.data.suggestionId === edited.id);
      assert.equal(event?.data.editDistance, 4);
      assert.equal(
        (await world.omniloom.runtime.store.suggestions.get(world.installationId, edited.id))?.sentText,
        sentText,
      );

      const empty = await world.addSuggestion(customer.telegramConversationId, customer.telegramMessageId);
      assert.equal(
        (
          await world.panel(
            `/conversations/${customer.telegramConversationId}/suggestions/${empty.id}/edit`,
            { json: { text: '   ' } },
          )
        ).status,
        400,
      );

      const rejected = await world.addSuggestion(
        customer.telegramConversationId,
        customer.telegramMessageId,
        { text: 'Wrong answer' },
      );
      const reject = (json: unknown) =>
        world.panel(`/conversations/${customer.telegramConversationId}/suggestions/${rejected.id}/reject`, {
          json,
        });
      assert.equal((await reject({ reason: 'because' })).status, 400);
      const done = await reject({ reason: 'outdated', note: 'We changed carriers in May' });
      assert.equal(done.status, 200);
      const stored = await world.omniloom.runtime.store.suggestions.get(world.installationId, rejected.id);
      assert.equal(stored?.status, 'rejected');
      assert.equal(stored?.rejectReason, 'outdated: We changed carriers in May');
      assert.ok(
        !world
          .messagesOf(customer.telegramConversationId)
          .some((message) => message.content === 'Wrong answer'),
      );
    });

    it('regenerate asks the AI agent again; with nothing in the knowledge base there is nothing new', async () => {
      const answer = await world.panel(
        `/conversations/${customer.telegramConversationId}/suggestions/regenerate`,
        { json: {} },
      );
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.suggestion, null);
      assert.equal(typeof answer.body.suggestionsHtml, 'string');
      const events = await world.omniloom.runtime.store.analytics.list({
        installationId: world.installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: ['suggestion.regenerated'],
      });
      assert.equal(events.length, 1);
    });
  });

  it('spoke to Chatwoot only within its API spec', async () => {
    await world.sandbox.settle();
    const requests = world.sandbox.violations().filter((violation) => violation.direction === 'request');
    assert.deepEqual(requests, []);
  });

  describe('sockets', () => {
    const sockets: Socket[] = [];
    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.disconnect();
    });
    const open = (auth: Record<string, unknown>) => {
      const socket = connect(world.omniloom.url, {
        path: '/socket.io',
        transports: ['websocket'],
        auth,
        reconnection: false,
      });
      sockets.push(socket);
      return socket;
    };
    const watch = (socket: Socket, conversationId: number) =>
      new Promise<any>((resolve) => socket.emit('dashboard:watch', { conversationId }, resolve));

    it('drops a socket with a bad session', async () => {
      const socket = open({ dashboardSession: 'forged', installationId: world.installationId });
      const error = await new Promise<any>((resolve) => socket.on('dashboard:error', resolve));
      assert.equal(error.code, 'unauthorized');
      await eventually(() => !socket.connected, 5000, 'the socket to be dropped');
    });

    it('joins a conversation room only after Chatwoot confirms it, and hears suggestion updates there', async () => {
      const socket = open({ dashboardSession: await world.session(), installationId: world.installationId });
      await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
      const foreign = await watch(socket, foreignConversationId);
      assert.equal(foreign.ok, false);
      assert.equal(foreign.error.code, 'not_found');

      const ok = await watch(socket, customer.telegramConversationId);
      assert.deepEqual(ok, { ok: true });
      const suggestion = await world.addSuggestion(
        customer.telegramConversationId,
        customer.telegramMessageId,
      );
      const heard = new Promise<any>((resolve) => socket.on('suggestion:updated', resolve));
      const rejected = await world.panel(
        `/conversations/${customer.telegramConversationId}/suggestions/${suggestion.id}/reject`,
        {
          json: { reason: 'tone' },
        },
      );
      assert.equal(rejected.status, 200);
      assert.deepEqual(await heard, {
        id: suggestion.id,
        conversationId: customer.telegramConversationId,
        status: 'rejected',
      });
    });
  });
});
