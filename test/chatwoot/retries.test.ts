import assert from 'node:assert/strict';
import { ChatwootApiError } from '../../plugin/errors.ts';
import { createChatwootClient, type ChatwootClientOptions } from '../../plugin/chatwoot/client.ts';
import { RetryBudget } from '../../plugin/chatwoot/retry-budget.ts';
import {
  dropConnection,
  hang,
  reply,
  sendJson,
  startTestServer,
  type TestServer,
} from './start-test-server.ts';

const ACCOUNT = 7;
const base = `/api/v1/accounts/${ACCOUNT}`;
const CONTACT = { id: 42, name: 'Ada', blocked: false, additional_attributes: {}, custom_attributes: {} };

async function rejection(promise: Promise<unknown>): Promise<ChatwootApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ChatwootApiError, `expected ChatwootApiError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('chatwoot client: timeouts and retries', () => {
  let server: TestServer;
  const client = (overrides: Partial<ChatwootClientOptions> = {}) =>
    createChatwootClient({
      baseUrl: server.url,
      accountId: ACCOUNT,
      token: 'test-token',
      timeoutMs: 2_000,
      maxRetries: 3,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      ...overrides,
    });

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('honours Retry-After in seconds on 429', async () => {
    server.route(
      'GET',
      `${base}/contacts/42`,
      reply(429, { error: 'slow down' }, { 'retry-after': '1' }),
      reply(200, { payload: CONTACT }),
    );
    const contact = await client().getContact(42);
    assert.equal(contact.id, 42);
    const [first, second] = server.hits('GET', `${base}/contacts/42`);
    assert.ok(first && second);
    assert.ok(second.at - first.at >= 950, `waited only ${second.at - first.at} ms`);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    // HTTP dates have whole-second precision: round up so at least one full second remains.
    const until = new Date(Math.ceil((Date.now() + 1_000) / 1000) * 1000);
    server.route(
      'GET',
      `${base}/agents`,
      reply(503, { error: 'maintenance' }, { 'retry-after': until.toUTCString() }),
      reply(200, []),
    );
    assert.deepEqual(await client().listAgents(), []);
    const [, second] = server.hits('GET', `${base}/agents`);
    assert.ok(second);
    assert.ok(
      second.at >= until.getTime() - 50,
      `retried ${until.getTime() - second.at} ms before Retry-After`,
    );
  });

  it('gives up at once when Retry-After is longer than the client will wait, reporting it', async () => {
    server.route('GET', `${base}/agents`, reply(429, { error: 'throttled' }, { 'retry-after': '3600' }));
    const error = await rejection(client().listAgents());
    assert.equal(error.status, 429);
    assert.equal(error.retryable, true);
    assert.equal(error.retryAfterMs, 3_600_000);
    assert.equal(server.hits('GET', `${base}/agents`).length, 1);
  });

  it('retries a 500 on an idempotent request, then succeeds', async () => {
    server.route(
      'GET',
      `${base}/teams`,
      reply(500, { error: 'boom' }),
      reply(200, [{ id: 1, name: 'Support' }]),
    );
    assert.deepEqual(await client().listTeams(), [{ id: 1, name: 'Support' }]);
    assert.equal(server.hits('GET', `${base}/teams`).length, 2);
  });

  it('retries idempotent POSTs (labels replace the list) on 502', async () => {
    server.route(
      'POST',
      `${base}/conversations/5/labels`,
      reply(502, 'bad gateway'),
      reply(200, { payload: ['vip'] }),
    );
    assert.deepEqual(await client().setConversationLabels(5, ['vip']), ['vip']);
    assert.equal(server.hits('POST', `${base}/conversations/5/labels`).length, 2);
  });

  it('retries a timed-out attempt', async () => {
    server.route('GET', `${base}/teams`, hang, reply(200, []));
    const started = Date.now();
    assert.deepEqual(await client({ timeoutMs: 150 }).listTeams(), []);
    assert.equal(server.hits('GET', `${base}/teams`).length, 2);
    assert.ok(Date.now() - started >= 150);
  });

  it('retries when the body stalls after the headers (timeout covers the body)', async () => {
    server.route(
      'GET',
      `${base}/teams`,
      (_request, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('[');
      },
      reply(200, [{ id: 3, name: 'Sales' }]),
    );
    assert.deepEqual(await client({ timeoutMs: 150 }).listTeams(), [{ id: 3, name: 'Sales' }]);
  });

  it('retries a dropped connection', async () => {
    server.route('GET', `${base}/contacts/42`, dropConnection, reply(200, { payload: CONTACT }));
    assert.equal((await client().getContact(42)).name, 'Ada');
    assert.equal(server.hits('GET', `${base}/contacts/42`).length, 2);
  });

  it('surfaces a non-retryable 4xx at once with status and body', async () => {
    const body = { message: 'Email has already been taken', attributes: ['email'] };
    server.route('POST', `${base}/contacts`, reply(422, body));
    const error = await rejection(client().createContact({ name: 'Ada', email: 'ada@example.com' }));
    assert.equal(error.status, 422);
    assert.deepEqual(error.body, body);
    assert.equal(error.retryable, false);
    assert.match(error.message, /HTTP 422.*Email has already been taken/);
    assert.equal(server.hits('POST', `${base}/contacts`).length, 1);
  });

  it('surfaces a 404 on GET at once', async () => {
    server.route('GET', `${base}/agent_bots/9`, reply(404, { error: 'Resource could not be found' }));
    const error = await rejection(client().getAgentBot(9));
    assert.equal(error.status, 404);
    assert.equal(server.hits('GET', `${base}/agent_bots/9`).length, 1);
  });

  it('does not re-send a non-idempotent POST after an ambiguous 500', async () => {
    server.route(
      'POST',
      `${base}/contacts`,
      reply(500, { error: 'boom' }),
      reply(200, { payload: { contact: CONTACT } }),
    );
    const error = await rejection(client().createContact({ name: 'Ada' }));
    assert.equal(error.status, 500);
    assert.equal(error.retryable, true);
    assert.equal(server.hits('POST', `${base}/contacts`).length, 1);
  });

  it('re-sends a non-idempotent POST after 503/429, which prove nothing was stored', async () => {
    server.route(
      'POST',
      `${base}/contacts`,
      reply(503, { error: 'busy' }),
      reply(429, {}),
      reply(200, { payload: { contact: CONTACT } }),
    );
    const created = await client().createContact({ name: 'Ada' });
    assert.equal(created.contact.id, 42);
    assert.equal(created.contact_inbox, null);
    assert.equal(server.hits('POST', `${base}/contacts`).length, 3);
  });

  it('stops after maxRetries with a retryable ChatwootApiError', async () => {
    server.route('GET', `${base}/teams`, reply(503, { error: 'down' }));
    const error = await rejection(client({ maxRetries: 2 }).listTeams());
    assert.equal(error.status, 503);
    assert.equal(error.retryable, true);
    assert.equal(error.details?.attempts, 3);
    assert.equal(error.details?.gaveUp, 'max-retries');
    assert.equal(server.hits('GET', `${base}/teams`).length, 3);
  });

  it('stops retrying once the shared retry budget is exhausted', async () => {
    server.route('GET', `${base}/teams`, reply(503, { error: 'down' }));
    const budget = new RetryBudget({ capacity: 2, refillPerSuccess: 0.5 });
    const shared = client({ retry: { baseDelayMs: 1, maxDelayMs: 2, budget } });

    const first = await rejection(shared.listTeams());
    assert.equal(first.details?.gaveUp, 'retry-budget');
    assert.equal(server.hits('GET', `${base}/teams`).length, 3, 'two retries spent the budget');

    const second = await rejection(shared.listTeams());
    assert.equal(second.status, 503);
    assert.equal(second.details?.gaveUp, 'retry-budget');
    assert.equal(server.hits('GET', `${base}/teams`).length, 4, 'no retry without budget');

    // Successes earn tokens back.
    server.route('GET', `${base}/agents`, reply(200, []));
    await shared.listAgents();
    await shared.listAgents();
    assert.equal(budget.available, 1);
  });

  it('wraps an unreachable Chatwoot as ChatwootApiError status 0 after retrying', async () => {
    const url = server.url;
    await server.close();
    const unreachable = createChatwootClient({
      baseUrl: url,
      accountId: ACCOUNT,
      token: 'test-token',
      maxRetries: 2,
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const error = await rejection(unreachable.listTeams());
    assert.equal(error.status, 0);
    assert.equal(error.retryable, true);
    assert.equal(error.details?.attempts, 3);
    assert.equal(error.details?.reason, 'ECONNREFUSED');
    server = await startTestServer();
  });

  it('does not retry when the caller aborts', async () => {
    server.route('GET', `${base}/teams`, hang);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      client().api.GET('/api/v1/accounts/{account_id}/teams', {
        params: { path: { account_id: ACCOUNT } },
        signal: controller.signal,
      }),
      (error: Error) => error.name === 'AbortError',
    );
    assert.equal(server.hits('GET', `${base}/teams`).length, 1);
  });

  describe('message creation', () => {
    const path = `${base}/conversations/3/messages`;
    const stored: Record<string, unknown>[] = [];
    const storeAnd =
      (then: 'drop' | 'reply'): Parameters<TestServer['route']>[2] =>
      (request, res, raw) => {
        const message = { id: 100 + stored.length, conversation_id: 3, ...(request.json as object) };
        stored.push(message);
        if (then === 'drop') raw.socket.destroy();
        else sendJson(res, 200, message);
      };
    const listStored: Parameters<TestServer['route']>[2] = (_request, res) =>
      sendJson(res, 200, { meta: {}, payload: stored });

    beforeEach(() => {
      stored.length = 0;
    });

    it('with source_id: finds the message an interrupted attempt created instead of posting twice', async () => {
      server.route('POST', path, storeAnd('drop'), storeAnd('reply'));
      server.route('GET', path, listStored);
      const message = await client().createMessage(3, {
        content: 'hi',
        message_type: 'incoming',
        source_id: 'discord:991',
      });
      assert.equal(message.id, 100);
      assert.equal(message.source_id, 'discord:991');
      assert.equal(server.hits('POST', path).length, 1);
      assert.equal(server.hits('GET', path).length, 1);
      assert.equal(stored.length, 1);
    });

    it('with source_id: re-sends when the lookup shows the first attempt stored nothing', async () => {
      server.route('POST', path, dropConnection, storeAnd('reply'));
      server.route('GET', path, listStored);
      const message = await client().createMessage(3, {
        content: 'hi',
        message_type: 'incoming',
        source_id: 'discord:992',
      });
      assert.equal(message.id, 100);
      assert.equal(server.hits('POST', path).length, 2);
      assert.equal(stored.length, 1);
    });

    it('with source_id: a timed-out attempt is reconciled too', async () => {
      const storeAndHang: Parameters<TestServer['route']>[2] = (request) => {
        stored.push({ id: 100, conversation_id: 3, ...(request.json as object) });
      };
      server.route('POST', path, storeAndHang, storeAnd('reply'));
      server.route('GET', path, listStored);
      const message = await client({ timeoutMs: 150 }).createMessage(3, {
        content: 'hi',
        source_id: 'slack:1.2',
      });
      assert.equal(message.id, 100);
      assert.equal(server.hits('POST', path).length, 1);
      assert.equal(stored.length, 1);
    });

    it('without source_id: an ambiguous failure is not retried (it could duplicate the message)', async () => {
      server.route('POST', path, storeAnd('drop'), storeAnd('reply'));
      const error = await rejection(client().createMessage(3, { content: 'hi', echo_id: 'tmp-1' }));
      assert.equal(error.status, 0);
      assert.equal(server.hits('POST', path).length, 1);
    });
  });
});
