/**
 * One suite, run over every registered connector: signatures, handshakes,
 * fixture parsing into valid normalized events, malformed input, unicode,
 * the manifest, and the HTTP requests `send` makes against the fake platform.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type {
  Connector,
  ConnectorAccount,
  RawRequest,
  VerifyResult,
} from '../../connectors/core/connector.ts';
import { listConnectors } from '../../connectors/core/registry.ts';
import { BadRequestError } from '../../plugin/errors.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { ContractFake, ContractHarness } from './contract-harness.ts';
import { repoRoot } from './contract-harness.ts';
import { inboundEventSchema } from './inbound-event-schema.ts';

const SEND_TEXT =
  'Hello **Quinn**, try `setup.exe /repair` — see [the guide](https://docs.example.com/install) & more';

const UNICODE_SAMPLES = [
  'مرحبا، لا أستطيع تسجيل الدخول 🙏',
  'שלום, ההתקנה נכשלה (שגיאה 0x80070005)',
  '\u200Fmixed RTL \u202Bעברית\u202C and LTR',
  'family 👩‍👩‍👧‍👦, rainbow flag 🏳️‍🌈, wave 👋🏽, flag 🇺🇦',
  'combining: e\u0301 vs é, zero-width joiner a\u200Db, CJK 你好 안녕',
];

const MALFORMED_BODIES = [
  '{not json',
  '',
  'null',
  '42',
  '"text"',
  '[]',
  '{"op":0,"t":"MESSAGE_CREATE","d":{}}',
];

async function loadHarness(id: string): Promise<ContractHarness | undefined> {
  const file = path.join(repoRoot, 'test', 'connectors', 'harnesses', `${id}.harness.ts`);
  if (!existsSync(file)) return undefined;
  return ((await import(file)) as { harness: ContractHarness }).harness;
}

function request(rawBody: Buffer, headers: Record<string, string>, now: Date): RawRequest {
  return {
    method: 'POST',
    url: 'https://omniloom.example.com/webhooks/x/1',
    headers,
    query: {},
    rawBody,
    now,
  };
}

/** `verify`, then `verifyAsync` (checks needing I/O, e.g. JWT keys) when the connector has one: what the route runs. */
async function verifyFully(
  connector: Connector,
  raw: RawRequest,
  account: ConnectorAccount,
): Promise<VerifyResult> {
  const verdict = connector.verify(raw, account);
  if (!verdict.ok || !connector.verifyAsync) return verdict;
  return connector.verifyAsync(raw, account);
}

function withoutCredentials(account: ConnectorAccount): ConnectorAccount {
  return { ...account, credentials: {} };
}

function assertBodyIncludes(actual: Record<string, unknown> | undefined, expected: Record<string, unknown>) {
  assert.ok(actual, 'request had no body');
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(actual[key], value, `body.${key}`);
  }
}

const connectors = listConnectors();
const harnesses = new Map<string, ContractHarness | undefined>();
for (const connector of connectors) harnesses.set(connector.id, await loadHarness(connector.id));

describe('connector contract', () => {
  it('registers connectors with unique ids', () => {
    const ids = connectors.map((connector) => connector.id);
    assert.ok(ids.length >= 2);
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const connector of connectors) {
    describeConnector(connector, harnesses.get(connector.id));
  }
});

function describeConnector(connector: Connector, harness: ContractHarness | undefined) {
  describe(`${connector.id}`, () => {
    if (!harness) {
      it('has a contract harness', () => {
        assert.fail(
          `add test/connectors/harnesses/${connector.id}.harness.ts for the ${connector.id} connector`,
        );
      });
      return;
    }
    let fake: ContractFake;
    const now = new Date();
    const fixture = (name: string) => readFileSync(path.join(harness.fixturesDir, name));

    before(async () => {
      fake = await harness.startFake();
    });
    after(async () => {
      await fake?.close();
    });

    describe('manifest', () => {
      it('mirrors the connector id, capabilities and credential fields', () => {
        const file = path.join(repoRoot, 'manifests', 'connectors', `${connector.id}.json`);
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
          id: string;
          capabilities: unknown;
          credentials: Array<{ name: string }>;
        };
        assert.equal(manifest.id, connector.id);
        assert.deepEqual(manifest.capabilities, connector.capabilities);
        assert.deepEqual(
          manifest.credentials.map((field) => field.name),
          [...connector.credentialFields],
        );
      });
    });

    describe('verify', () => {
      it('accepts a correctly signed request', async () => {
        const body = fixture(harness.signedFixture);
        assert.deepEqual(
          await verifyFully(connector, request(body, fake.sign(body, now), now), fake.account),
          {
            ok: true,
          },
        );
      });

      it('rejects a body changed after signing as bad-signature', async () => {
        const body = fixture(harness.signedFixture);
        const headers = fake.sign(body, now);
        const tampered = harness.tamperBody
          ? harness.tamperBody(body)
          : Buffer.from(body.toString('utf8').replace(/}\s*$/, ', "x": 1}'));
        assert.deepEqual(await verifyFully(connector, request(tampered, headers, now), fake.account), {
          ok: false,
          reason: 'bad-signature',
        });
      });

      it('rejects a signature made with another key as bad-signature', async () => {
        const body = fixture(harness.signedFixture);
        const headers = { ...fake.sign(body, now) };
        const name = harness.signatureHeaders[0] as string;
        const value = headers[name] as string;
        headers[name] = value.slice(0, -2) + (value.endsWith('00') ? '11' : '00');
        assert.deepEqual(await verifyFully(connector, request(body, headers, now), fake.account), {
          ok: false,
          reason: 'bad-signature',
        });
      });

      if (harness.signsTimestamp !== false) {
        it('rejects a request signed more than five minutes ago as stale', async () => {
          const body = fixture(harness.signedFixture);
          const tenMinutesAgo = new Date(now.getTime() - 10 * 60_000);
          assert.deepEqual(
            await verifyFully(connector, request(body, fake.sign(body, tenMinutesAgo), now), fake.account),
            { ok: false, reason: 'stale' },
          );
        });
      }

      for (const header of harness.signatureHeaders) {
        it(`rejects a request without ${header} as missing-header`, async () => {
          const body = fixture(harness.signedFixture);
          const headers = { ...fake.sign(body, now) };
          delete headers[header];
          assert.deepEqual(await verifyFully(connector, request(body, headers, now), fake.account), {
            ok: false,
            reason: 'missing-header',
          });
        });
      }

      it('reports not-configured when the installation has no secret', async () => {
        const body = fixture(harness.signedFixture);
        assert.deepEqual(
          await verifyFully(
            connector,
            request(body, fake.sign(body, now), now),
            withoutCredentials(fake.account),
          ),
          {
            ok: false,
            reason: 'not-configured',
          },
        );
      });
    });

    if (harness.handshake) {
      const { fixture: handshakeFixture, expectedBody } = harness.handshake;
      it(`answers the platform handshake (${handshakeFixture})`, () => {
        const body = fixture(handshakeFixture);
        const reply = connector.handshake?.(request(body, fake.sign(body, now), now), fake.account);
        assert.equal(reply?.status, 200);
        assert.deepEqual(reply?.body, expectedBody);
      });

      it('returns no handshake reply for an ordinary event', () => {
        const body = harness.textMessage('hello');
        assert.equal(
          connector.handshake?.(request(body, fake.sign(body, now), now), fake.account),
          undefined,
        );
      });
    }

    describe('parse', () => {
      const files = readdirSync(harness.fixturesDir).filter((name) => name.endsWith('.json'));

      it('has fixtures', () => {
        assert.ok(files.length >= 5, `expected fixtures in ${harness.fixturesDir}`);
      });

      for (const name of files) {
        it(`parses ${name} into valid normalized events`, () => {
          const events = connector.parse(fixture(name), fake.account);
          assert.ok(events.length >= 1, 'at least one event (ignored counts)');
          for (const event of events) {
            const result = inboundEventSchema.safeParse(event);
            assert.ok(
              result.success,
              `${name}: ${result.success ? '' : JSON.stringify(result.error.issues)}`,
            );
            assert.equal(event.channel, connector.id);
          }
        });
      }

      for (const name of harness.unknownFixtures) {
        it(`reports ${name} as ignored with a reason`, () => {
          const events = connector.parse(fixture(name), fake.account);
          assert.ok(events.every((event) => event.kind === 'ignored' && event.reason.length > 0));
        });
      }

      for (const body of MALFORMED_BODIES) {
        it(`throws BadRequestError for malformed body ${JSON.stringify(body.slice(0, 30))}`, () => {
          assert.throws(() => connector.parse(Buffer.from(body), fake.account), BadRequestError);
        });
      }

      it('throws BadRequestError for invalid UTF-8 / binary garbage', () => {
        assert.throws(
          () => connector.parse(Buffer.from([0xff, 0xfe, 0x00, 0x7b]), fake.account),
          BadRequestError,
        );
      });

      for (const text of UNICODE_SAMPLES) {
        it(`keeps unicode text intact: ${text.slice(0, 24)}…`, () => {
          const [event] = connector.parse(harness.textMessage(text), fake.account);
          assert.equal(event?.kind, 'message');
          assert.equal(event.kind === 'message' ? event.text : undefined, text);
        });
      }

      it('gives every message a channel_user identifier namespaced by the connector', () => {
        const [event] = connector.parse(harness.textMessage('hi'), fake.account);
        assert.equal(event?.kind, 'message');
        if (event?.kind !== 'message') return;
        const channelUser = event.sender.identifiers.find((id) => id.type === 'channel_user');
        assert.ok(channelUser?.value.startsWith(`${connector.id}:`));
        assert.equal(channelUser?.verified, true);
      });
    });

    describe('send', () => {
      it('issues the expected HTTP requests against the fake platform', async () => {
        const before = fake.requests().length;
        const result = await connector.send(harness.outbound(fake, SEND_TEXT), fake.account, {
          logger: silentLogger(),
          maxAttachmentBytes: 1_000_000,
        });
        const seen = fake.requests().slice(before);
        const expected = harness.expectedSendRequests(fake, SEND_TEXT);
        assert.equal(seen.length, expected.length, JSON.stringify(seen.map((r) => `${r.method} ${r.path}`)));
        expected.forEach((want, index) => {
          const got = seen[index];
          assert.equal(got?.method, want.method);
          assert.equal(got?.path, want.path);
          if (want.body) assertBodyIncludes(got?.body, want.body);
        });
        assert.equal(result.channelMessageIds.length, 1);
      });
    });
  });
}
