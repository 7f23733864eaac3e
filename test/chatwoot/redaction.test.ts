import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { createChatwootClient } from '../../plugin/chatwoot/client.ts';
import { redactHeaders } from '../../plugin/chatwoot/redact-headers.ts';
import { dropConnection, reply, startTestServer, type TestServer } from './start-test-server.ts';

const TOKEN = 'sk-live-7f3a9c1e5b2d4f60a8e9';

/**
 * A pino logger writing every line (trace and up) into an array. It has no
 * redact paths on purpose: a caller may pass any logger, so the client itself
 * must never hand the token to it.
 */
function captureLogs(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, logger: pino({ level: 'trace' }, destination) };
}

describe('chatwoot client: the token never reaches logs', () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('keeps the token out of debug, retry and failure logs and out of errors', async () => {
    const base = '/api/v1/accounts/1';
    server.route('GET', `${base}/teams`, reply(503, { error: 'busy' }), reply(200, []));
    server.route('GET', `${base}/agents`, reply(401, { error: 'Invalid Access Token' }));
    server.route('GET', `${base}/inboxes`, dropConnection);
    server.route('POST', `${base}/conversations/4/messages`, dropConnection);
    server.route(
      'GET',
      `${base}/conversations/4/messages`,
      reply(200, { payload: [{ id: 1, source_id: 'x:1' }] }),
    );
    const { lines, logger } = captureLogs();
    const client = createChatwootClient({
      baseUrl: server.url,
      accountId: 1,
      token: TOKEN,
      logger,
      maxRetries: 1,
      retry: { baseDelayMs: 1 },
    });

    await client.listTeams();
    const errors: unknown[] = [];
    await client.listAgents().catch((error: unknown) => errors.push(error));
    await client.listInboxes().catch((error: unknown) => errors.push(error));
    await client.createMessage(4, { content: 'hi', source_id: 'x:1' });
    assert.equal(errors.length, 2);

    const log = lines.join('');
    assert.ok(lines.length >= 6, `expected request and retry logs, got ${lines.length}`);
    assert.ok(!log.includes(TOKEN), 'token found in logs');
    assert.match(log, /"api_access_token":"\[redacted\]"/, 'request headers are logged, redacted');
    for (const error of errors) {
      const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
      assert.ok(!text.includes(TOKEN), 'token found in an error');
    }
    // The header did travel to Chatwoot.
    assert.equal(server.requests[0]?.headers.api_access_token, TOKEN);
  });

  it('redactHeaders blanks every credential header', () => {
    const headers = new Headers({
      api_access_token: TOKEN,
      Authorization: `Bearer ${TOKEN}`,
      cookie: 'session=1',
      'content-type': 'application/json',
    });
    assert.deepEqual(redactHeaders(headers), {
      api_access_token: '[redacted]',
      authorization: '[redacted]',
      cookie: '[redacted]',
      'content-type': 'application/json',
    });
  });
});
