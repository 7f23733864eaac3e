/** Viber signature edge cases beyond the contract suite. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawRequest } from '../../connectors/core/connector.ts';
import { getConnector } from '../../connectors/core/registry.ts';
import { signViberCallback } from '../fakes/fake-viber/sign-viber-callback.ts';
import { fixturesFor } from './contract-harness.ts';

const connector = getConnector('viber');
const token = '4453b6ac12345678-FAKEe0f5a7d8c9b0-unit';
const account = { installationId: 'i1', credentials: { authToken: token }, config: {} };
const body = readFileSync(path.join(fixturesFor('viber'), 'message-text.json'));

function req(rawBody: Buffer, headers: Record<string, string>, now = new Date()): RawRequest {
  return { method: 'POST', url: 'https://x.example/webhooks/viber/1', headers, query: {}, rawBody, now };
}

describe('viber verify', () => {
  it('is the hex HMAC-SHA256 of the raw body keyed with the auth token', () => {
    const expected = createHmac('sha256', token).update(body).digest('hex');
    assert.equal(signViberCallback(body, token)['x-viber-content-signature'], expected);
    assert.deepEqual(connector.verify(req(body, { 'x-viber-content-signature': expected }), account), {
      ok: true,
    });
  });

  it('accepts upper-case hex and a header name in any case', () => {
    const signature = createHmac('sha256', token).update(body).digest('hex').toUpperCase();
    assert.deepEqual(connector.verify(req(body, { 'X-Viber-Content-Signature': signature }), account), {
      ok: true,
    });
  });

  it('verifies the raw bytes: the same JSON re-serialised (tokens rounded) no longer matches', () => {
    const headers = signViberCallback(body, token);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    assert.deepEqual(connector.verify(req(reserialised, headers), account), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a signature of another length, and one made with another bot token', () => {
    assert.deepEqual(connector.verify(req(body, { 'x-viber-content-signature': 'abc123' }), account), {
      ok: false,
      reason: 'bad-signature',
    });
    assert.deepEqual(connector.verify(req(body, signViberCallback(body, 'another-bot-token')), account), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('has no replay window (Viber signs no timestamp): an old redelivery verifies and dedupe drops it', () => {
    const aDayLater = new Date(Date.now() + 24 * 3_600_000);
    assert.deepEqual(connector.verify(req(body, signViberCallback(body, token), aDayLater), account), {
      ok: true,
    });
  });
});
