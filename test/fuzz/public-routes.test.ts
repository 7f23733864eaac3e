/**
 * Every public route of a running Omniloom under property-based fuzzing:
 * whatever arrives — arbitrary bytes, wrong content types, forged or missing
 * signatures, validly signed garbage, random ids and secrets — the answer is
 * never a 5xx, and unauthenticated or unsigned requests are never accepted.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FUZZ_RUNS,
  WEBHOOK_FIXTURES,
  arbitraryBytes,
  loadFixtures,
  nastyString,
  oversizedFixture,
  randomJson,
  truncatedFixture,
  unicodeFixture,
  WRONG_VALUES,
  pathsOf,
  withValueAt,
} from './fuzz-inputs.ts';
import { startFuzzWorld, type FuzzWorld } from './start-fuzz-world.ts';

/** HTTP round trips cost more than pure calls: 40% of the runs per property by default. */
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? Math.max(20, Math.floor(FUZZ_RUNS * 0.4)));

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/vnd.api+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  'x/y',
];

/** Mostly JSON, so the requests get past the body parser and reach the handlers. */
const mostlyJson = () =>
  fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 3 },
    { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 1 },
  );

/** Printable header values (fetch refuses control characters, as a proxy would). */
const headerValue = fc.string({
  unit: fc.constantFrom(...'abcXYZ019 =-_.:;/+,"\'()<>?@[]{}\\|~!#$%^&*'.split('')),
  maxLength: 60,
});

/** Headers a platform or a browser might send, with hostile values. */
const randomHeaders = fc.record(
  {
    'content-type': fc.constantFrom(...CONTENT_TYPES),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus'),
    accept: fc.constantFrom('text/html', 'application/json', '*/*', 'image/png'),
    cookie: headerValue,
    authorization: fc.oneof(
      headerValue,
      headerValue.map((value) => `Bearer ${value}`),
    ),
    'x-slack-signature': headerValue,
    'x-slack-request-timestamp': fc.oneof(headerValue, fc.integer().map(String)),
    'x-signature-ed25519': headerValue,
    'x-signature-timestamp': headerValue,
    'x-viber-content-signature': headerValue,
    'x-omniloom-signature': headerValue,
    'x-omniloom-timestamp': headerValue,
  },
  { requiredKeys: [] },
);

/** URL-safe path segments, some hostile once decoded (the router decodes %xx). */
const segment = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abcdef0123456789-_'.split('')), minLength: 1, maxLength: 24 }),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%00',
    '%ff',
    '%E2%80%AE',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    '0',
    '-1',
    '9'.repeat(40),
  ),
  nastyString.map((text) => percentEncode(Buffer.from(text, 'utf8')) || 'x'),
  fc.uint8Array({ minLength: 1, maxLength: 12 }).map((bytes) => percentEncode(Buffer.from(bytes))),
);

/** Every byte as %XX: lone surrogates (as U+FFFD) and invalid UTF-8 alike, which encodeURIComponent refuses. */
function percentEncode(bytes: Buffer): string {
  return [...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

const queryString = fc
  .dictionary(
    fc.constantFrom('next', 'hub.challenge', 'validationToken', 'q', '__proto__', 'a[b]'),
    nastyString,
    { maxKeys: 3 },
  )
  .map((query) => {
    const text = new URLSearchParams(query).toString();
    return text ? `?${text}` : '';
  });

/** Every fuzzed body shape, from arbitrary bytes to realistic fixtures of `channel`. */
function bodiesFor(channel: string): fc.Arbitrary<Buffer> {
  const fixtures = loadFixtures(channel);
  return fc.oneof(
    arbitraryBytes,
    truncatedFixture(fixtures),
    unicodeFixture(fixtures),
    randomJson(fixtures),
    wrongTypeFixture(fixtures),
    fc.constantFrom(...fixtures.map((fixture) => Buffer.from(JSON.stringify(fixture)))),
    oversizedFixture(fixtures, [20_000, 65_536, 1_100_000]),
  );
}

function wrongTypeFixture(fixtures: Parameters<typeof pathsOf>[0][]): fc.Arbitrary<Buffer> {
  const withPaths = fixtures.filter((fixture) => pathsOf(fixture).length > 0);
  return fc
    .constantFrom(...withPaths)
    .chain((fixture) =>
      fc.tuple(fc.constant(fixture), fc.constantFrom(...pathsOf(fixture)), fc.constantFrom(...WRONG_VALUES)),
    )
    .map(([fixture, location, wrong]) => Buffer.from(JSON.stringify(withValueAt(fixture, location, wrong))));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

describe('fuzz: public routes never answer 5xx and never accept the unauthenticated', function () {
  this.timeout(120_000);
  let world: FuzzWorld;
  let statuses: Map<string, Map<number, number>>;

  before(async () => {
    world = await startFuzzWorld();
    statuses = new Map();
  });

  after(async () => {
    if (process.env.FUZZ_VERBOSE) {
      for (const [route, seen] of statuses)
        console.log(`${route}: ${[...seen].map(([status, count]) => `${status}×${count}`).join(' ')}`);
    }
    await world?.close();
  });

  async function send(request: FuzzRequest, route: string): Promise<number> {
    const response = await fetch(`${world.omniloom.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      ...(request.body && request.method !== 'GET' && request.method !== 'HEAD'
        ? { body: new Uint8Array(request.body) }
        : {}),
    });
    const text = await response.text();
    const seen = statuses.get(route) ?? new Map<number, number>();
    seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
    statuses.set(route, seen);
    assert.ok(
      response.status < 500,
      `${request.method} ${request.path} answered ${response.status}: ${text.slice(0, 300)}\nheaders ${JSON.stringify(request.headers)}\nbody ${JSON.stringify(request.body?.toString('utf8').slice(0, 300))}`,
    );
    return response.status;
  }

  const runs = { numRuns: HTTP_RUNS };

  it('GET /healthz always answers 200', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, randomHeaders, async (query, headers) => {
        assert.equal(await send({ method: 'GET', path: `/healthz${query}`, headers }, 'healthz'), 200);
      }),
      runs,
    );
  });

  describe('/webhooks/:channel/:installationId', () => {
    it('refuses every unsigned or forged delivery on every channel with a 4xx', async () => {
      const channels = [...world.signers.keys()];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...channels),
          fc.constantFrom('POST', 'GET'),
          fc.oneof(arbitraryBytes, randomJson(WEBHOOK_FIXTURES)),
          randomHeaders,
          queryString,
          async (channel, method, body, headers, query) => {
            const status = await send(
              { method, path: `/webhooks/${channel}/${world.installationId}${query}`, headers, body },
              `webhooks unsigned`,
            );
            assert.ok(status >= 400, `an unsigned ${method} to ${channel} was accepted with ${status}`);
          },
        ),
        runs,
      );
    });

    for (const channel of ['slack', 'discord', 'viber', 'teams', 'webhook']) {
      it(`answers validly signed ${channel} garbage with 2xx or a clear 4xx`, async function () {
        const sign = world.signers.get(channel);
        if (!sign) this.skip();
        await fc.assert(
          fc.asyncProperty(bodiesFor(channel), async (body) => {
            await send(
              {
                method: 'POST',
                path: `/webhooks/${channel}/${world.installationId}`,
                headers: sign!(body),
                body,
              },
              `webhooks signed ${channel}`,
            );
          }),
          runs,
        );
      });
    }

    it('answers unknown channels and installations with 404', async () => {
      await fc.assert(
        fc.asyncProperty(
          segment,
          segment,
          fc.constantFrom('POST', 'GET'),
          arbitraryBytes,
          async (channel, installationId, method, body) => {
            const known = world.signers.has(safeDecode(channel));
            const status = await send(
              {
                method,
                path: `/webhooks/${channel}/${known ? installationId : world.installationId}`,
                headers: {},
                body,
              },
              'webhooks unknown',
            );
            assert.ok(status >= 400, `unknown channel or installation answered ${status}`);
          },
        ),
        runs,
      );
    });
  });

  describe('/chatwoot/:installationId/:secret/:receiver', () => {
    it('refuses wrong secrets and unknown installations', async () => {
      await fc.assert(
        fc.asyncProperty(
          segment,
          fc.constantFrom('bot', 'account', 'inbox', 'other'),
          randomJson(loadFixtures('webhook')),
          async (secret, receiver, body) => {
            if (secret === world.urlSecret) return;
            const status = await send(
              {
                method: 'POST',
                path: `/chatwoot/${world.installationId}/${secret}/${receiver}`,
                headers: { 'content-type': 'application/json' },
                body,
              },
              'chatwoot wrong secret',
            );
            // 400 too: the JSON parser runs before any route and refuses a non-object body first.
            assert.ok(status >= 400, `a wrong secret answered ${status}`);
          },
        ),
        runs,
      );
    });

    it('answers any body with the right secret with 202 or a clear 4xx', async () => {
      const eventShapes = fc.oneof(
        arbitraryBytes,
        fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
        fc
          .record(
            {
              event: fc.oneof(
                fc.constantFrom(
                  'message_created',
                  'message_updated',
                  'conversation_created',
                  'conversation_status_changed',
                  'contact_merged',
                  'webwidget_triggered',
                ),
                nastyString,
              ),
              id: fc.oneof(fc.integer(), nastyString),
              content: nastyString,
              message_type: fc.oneof(
                fc.constantFrom('incoming', 'outgoing', 'activity', 'template'),
                fc.integer({ min: -1, max: 5 }),
              ),
              private: fc.oneof(fc.boolean(), nastyString),
              conversation: fc.oneof(
                fc.constant(null),
                fc.record(
                  { id: fc.oneof(fc.integer(), nastyString), inbox_id: fc.integer() },
                  { requiredKeys: [] },
                ),
              ),
              account: fc.oneof(fc.constant(null), fc.record({ id: fc.integer() })),
            },
            { requiredKeys: ['event'] },
          )
          .map((payload) => Buffer.from(JSON.stringify(payload))),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('bot', 'account', 'inbox', 'inbox/slack', 'other'),
          eventShapes,
          mostlyJson(),
          async (receiver, body, contentType) => {
            await send(
              {
                method: 'POST',
                path: `/chatwoot/${world.installationId}/${world.urlSecret}/${receiver}`,
                headers: { 'content-type': contentType },
                body,
              },
              'chatwoot right secret',
            );
          },
        ),
        runs,
      );
    });
  });

  describe('/api/installations', () => {
    const apiPaths = (installationId: string) =>
      fc.oneof(
        fc.constant('/api/installations'),
        segment.map((id) => `/api/installations/${id}`),
        segment.map((id) => `/api/installations/${id}/channels`),
        fc.tuple(segment, segment).map(([id, channel]) => `/api/installations/${id}/channels/${channel}`),
        fc
          .constantFrom('inbound', 'channels', 'channels/slack', 'channels/nosuch', 'identity', 'history')
          .map((rest) => `/api/installations/${installationId}/${rest}`),
        segment.map((id) => `/api/installations/${id}/inbound`),
      );

    it('refuses every request without valid admin credentials', async () => {
      await fc.assert(
        fc.asyncProperty(
          apiPaths(world.installationId),
          fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
          randomHeaders,
          fc.oneof(arbitraryBytes, randomJson(WEBHOOK_FIXTURES)),
          async (path, method, headers, body) => {
            if (headers.authorization === `Bearer ${world.omniloom.adminToken}`) return;
            const status = await send({ method, path, headers, body }, 'api without auth');
            assert.ok(status >= 300, `${method} ${path} without credentials answered ${status}`);
          },
        ),
        runs,
      );
    });

    it('answers admins with 2xx or a clear 4xx, never a 5xx', async () => {
      const installBodies = fc
        .record(
          {
            chatwootUrl: fc.oneof(
              fc.constant(world.sandbox.url),
              fc.constantFrom('', 'not a url', 'ftp://example.com', 'javascript:alert(1)'),
              nastyString,
            ),
            accountId: fc.oneof(
              fc.constant(world.sandbox.accountId),
              fc.integer(),
              nastyString,
              fc.constant(null),
            ),
            token: fc.oneof(nastyString, fc.constantFrom('', 'short', 'a-wrong-but-long-enough-token')),
            channels: fc.oneof(
              fc.array(fc.constantFrom('slack', 'webhook', 'nosuch', 'UPPER', ''), { maxLength: 3 }),
              nastyString,
            ),
            inboxes: fc.oneof(fc.constant('all'), fc.array(fc.integer()), nastyString),
            settings: fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.record({
                ai: fc.record({
                  defaultMode: fc.constantFrom('off', 'suggest', 'auto', 'bogus'),
                  threshold: fc.double(),
                }),
              }),
            ),
          },
          { requiredKeys: [] },
        )
        .map((body) => Buffer.from(JSON.stringify(body)));
      const channelBodies = fc
        .record(
          {
            credentials: fc.oneof(
              fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
              nastyString,
              fc.constant(null),
            ),
            config: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(null)),
          },
          { requiredKeys: [] },
        )
        .map((body) => Buffer.from(JSON.stringify(body)));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(
              fc.constant('POST'),
              fc.constant('/api/installations'),
              fc.oneof(installBodies, arbitraryBytes),
            ),
            // Mutations only on random ids: the installation the other properties use stays intact.
            fc.tuple(
              fc.constant('PUT'),
              fc
                .tuple(segment, segment)
                .map(([id, channel]) => `/api/installations/${id}/channels/${channel}`),
              channelBodies,
            ),
            fc.tuple(
              fc.constant('DELETE'),
              segment.map((id) => `/api/installations/${id}`),
              fc.constant(Buffer.alloc(0)),
            ),
            fc.tuple(
              fc.constantFrom('GET', 'PATCH'),
              apiPaths(world.installationId),
              fc.constant(Buffer.alloc(0)),
            ),
          ),
          mostlyJson(),
          async ([method, path, body], contentType) => {
            if (
              method !== 'GET' &&
              path.startsWith(`/api/installations/${world.installationId}`) &&
              method !== 'PATCH'
            )
              return;
            await send(
              {
                method,
                path,
                headers: {
                  authorization: `Bearer ${world.omniloom.adminToken}`,
                  'content-type': contentType,
                },
                body,
              },
              'api admin',
            );
          },
        ),
        runs,
      );
    });

    it('POST /api/installations/:id/inbound answers 202 or a clear 4xx for any body', async () => {
      const fixtures = loadFixtures('webhook').map((fixture) => withValueAt(fixture, ['channel'], 'webhook'));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            bodiesFor('webhook'),
            unicodeFixture(fixtures),
            wrongTypeFixture(fixtures),
            randomJson(fixtures),
          ),
          mostlyJson(),
          async (body, contentType) => {
            await send(
              {
                method: 'POST',
                path: `/api/installations/${world.installationId}/inbound`,
                headers: {
                  authorization: `Bearer ${world.omniloom.adminToken}`,
                  'content-type': contentType,
                },
                body,
              },
              'inbound api',
            );
          },
        ),
        runs,
      );
    });
  });

  it('/admin/login answers any form, cookie and next path without a 5xx', async () => {
    const form = fc
      .dictionary(fc.constantFrom('token', 'next', '_csrf', 'csrf', '__proto__', 'token[]'), nastyString, {
        maxKeys: 4,
      })
      .map((fields) => Buffer.from(new URLSearchParams(fields).toString()));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST'),
        queryString,
        form,
        randomHeaders,
        async (method, query, body, headers) => {
          const status = await send(
            {
              method,
              path: `/admin/login${query}`,
              headers: {
                ...headers,
                'content-type':
                  method === 'POST'
                    ? 'application/x-www-form-urlencoded'
                    : (headers['content-type'] ?? 'text/plain'),
              },
              body,
            },
            'admin login',
          );
          // A fuzzed form has neither the CSRF token nor the admin token: signing in must fail.
          if (method === 'POST') assert.ok(status >= 400, `login accepted a fuzzed form with ${status}`);
        },
      ),
      runs,
    );
  });

  it('answers any method on any path under the public prefixes without a 5xx', async () => {
    const prefixes = [
      '/webhooks',
      '/chatwoot',
      '/api/installations',
      '/api/dead-letters',
      '/admin',
      '/dashboard',
      '/healthz',
      '/socket.io',
      '',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...prefixes),
        fc.array(segment, { maxLength: 5 }),
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
        fc.boolean(),
        randomHeaders,
        fc.oneof(arbitraryBytes, randomJson(WEBHOOK_FIXTURES)),
        async (prefix, segments, method, asAdmin, headers, body) => {
          const path = `${prefix}/${segments.join('/')}`;
          // Admins may delete installations; the shared one is kept for the other properties.
          if (asAdmin && method === 'DELETE' && path.includes(world.installationId)) return;
          const sent = asAdmin
            ? { ...headers, authorization: `Bearer ${world.omniloom.adminToken}` }
            : headers;
          await send({ method, path, headers: sent, body }, 'any path');
        },
      ),
      runs,
    );
  });
});
