/**
 * Bot Connector token validation beyond the contract suite: expiry and clock
 * skew, audience/issuer/serviceUrl, unknown and rotated keys, key caching,
 * endorsements, algorithm confusion.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectorAccount, RawRequest, VerifyResult } from '../../connectors/core/connector.ts';
import { getConnector } from '../../connectors/core/registry.ts';
import { UNKNOWN_KID_COOLDOWN_MS } from '../../connectors/teams/fetch-teams-signing-keys.ts';
import { OmniloomError } from '../../plugin/errors.ts';
import { type FakeTeams, FAKE_TEAMS_APP_ID, startFakeTeams } from '../fakes/fake-teams/start-fake-teams.ts';
import { fixturesFor } from './contract-harness.ts';

const connector = getConnector('teams');
const body = readFileSync(path.join(fixturesFor('teams'), 'message-personal.json'));

function req(rawBody: Buffer, headers: Record<string, string>, now = new Date()): RawRequest {
  return { method: 'POST', url: 'https://x.example/webhooks/teams/1', headers, query: {}, rawBody, now };
}

/** What the route does: the pure check, then the key-based one. */
async function verify(raw: RawRequest, account: ConnectorAccount): Promise<VerifyResult> {
  const verdict = connector.verify(raw, account);
  return verdict.ok && connector.verifyAsync ? connector.verifyAsync(raw, account) : verdict;
}

describe('teams verify', () => {
  let fake: FakeTeams;
  let account: ConnectorAccount;
  const minutes = (n: number) => new Date(Date.now() + n * 60_000);

  let fetchesBefore = 0;
  let testNumber = 0;
  const keyFetches = () => fake.keyFetches - fetchesBefore;

  before(async () => {
    fake = await startFakeTeams();
  });
  after(() => fake.close());
  beforeEach(() => {
    // Keys are cached per metadata URL: a distinct query string gives each test a cold cache.
    account = fake.account({ openIdMetadataUrl: `${fake.openIdMetadataUrl}?test=${++testNumber}` });
    fetchesBefore = fake.keyFetches;
  });

  it('accepts a fresh token and caches the keys across requests', async () => {
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await verify(req(body, fake.sign(body)), account), { ok: true });
    assert.equal(keyFetches(), 1);
  });

  it('rejects an expired token as stale, in the pure check already (no key download)', async () => {
    const headers = fake.sign(body, minutes(-10));
    assert.deepEqual(connector.verify(req(body, headers), account), { ok: false, reason: 'stale' });
    assert.deepEqual(await connector.verifyAsync?.(req(body, headers), account), {
      ok: false,
      reason: 'stale',
    });
    assert.equal(keyFetches(), 0);
  });

  it('tolerates two minutes of clock skew, not more', async () => {
    // Token lifetime is 5 minutes: minted 6 minutes ago it expired 1 minute ago (inside the skew).
    assert.deepEqual(await verify(req(body, fake.sign(body, minutes(-6))), account), { ok: true });
    assert.deepEqual(await verify(req(body, fake.sign(body, minutes(-8))), account), {
      ok: false,
      reason: 'stale',
    });
    // nbf is 5 minutes before issue: minted 8 minutes in the future it is not valid for 3 more minutes.
    assert.deepEqual(await verify(req(body, fake.sign(body, minutes(8))), account), {
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects a token for another bot (audience)', async () => {
    const headers = fake.sign(body, new Date(), { audience: '11111111-2222-3333-4444-555555555555' });
    assert.deepEqual(await verify(req(body, headers), account), { ok: false, reason: 'bad-signature' });
  });

  it('rejects a token from another issuer, even when signed with a published key', async () => {
    const headers = fake.sign(body, new Date(), { issuer: 'https://login.microsoftonline.com/common/v2.0' });
    assert.deepEqual(await verify(req(body, headers), account), { ok: false, reason: 'bad-signature' });
  });

  it('rejects a token minted for another serviceUrl (a replay against another body)', async () => {
    const headers = fake.sign(body, new Date(), { serviceUrl: 'https://smba.trafficmanager.net/amer/' });
    assert.deepEqual(await verify(req(body, headers), account), { ok: false, reason: 'bad-signature' });
    const missingClaim = fake.sign(body, new Date(), { serviceUrl: '' });
    assert.deepEqual(await verify(req(body, missingClaim), account), { ok: false, reason: 'bad-signature' });
  });

  it('rejects an unknown kid after one key refresh, and does not refresh again within the cool-down', async () => {
    assert.deepEqual(await verify(req(body, fake.sign(body)), account), { ok: true });
    assert.equal(keyFetches(), 1);
    assert.deepEqual(await verify(req(body, fake.signWithUnknownKey(body)), account), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.equal(keyFetches(), 2);
    assert.deepEqual(await verify(req(body, fake.signWithUnknownKey(body)), account), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.equal(keyFetches(), 2, `at most one refresh per ${UNKNOWN_KID_COOLDOWN_MS} ms`);
  });

  it('picks up a rotated key on first sight', async () => {
    assert.deepEqual(await verify(req(body, fake.sign(body)), account), { ok: true });
    fake.rotateKey();
    assert.deepEqual(await verify(req(body, fake.sign(body)), account), { ok: true });
    assert.equal(keyFetches(), 2);
  });

  it('rejects a key not endorsed for the activity channel', async () => {
    const slackBody = Buffer.from(body.toString('utf8').replace('"msteams"', '"webchat"'));
    assert.deepEqual(await verify(req(slackBody, fake.sign(slackBody)), account), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects alg:none and HMAC tokens (algorithm confusion)', async () => {
    const claims = {
      iss: 'https://api.botframework.com',
      aud: FAKE_TEAMS_APP_ID,
      serviceurl: 'https://smba.trafficmanager.net/emea/',
      exp: Math.floor(Date.now() / 1000) + 300,
    };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    assert.deepEqual(await verify(req(body, { authorization: `Bearer ${none}` }), account), {
      ok: false,
      reason: 'bad-signature',
    });
    const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: 'x' })}.${encode(claims)}`;
    const hs = `${input}.${createHmac('sha256', 'guess').update(input).digest('base64url')}`;
    assert.deepEqual(await verify(req(body, { authorization: `Bearer ${hs}` }), account), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects other schemes and garbage; a missing header is missing-header', async () => {
    assert.deepEqual(connector.verify(req(body, { authorization: 'Basic dXNlcjpwYXNz' }), account), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(connector.verify(req(body, { authorization: 'Bearer not-a-jwt' }), account), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(connector.verify(req(body, {}), account), { ok: false, reason: 'missing-header' });
  });

  it('throws an upstream error when the OpenID metadata cannot be fetched (the route answers 5xx, Teams retries)', async () => {
    const unreachable = {
      ...account,
      config: {
        ...account.config,
        openIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration',
      },
    };
    await assert.rejects(
      connector.verifyAsync!(req(body, fake.sign(body)), unreachable),
      (error: unknown) => error instanceof OmniloomError && error.code === 'upstream_error',
    );
  });
});
