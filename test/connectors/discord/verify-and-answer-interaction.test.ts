/** Discord interactions endpoint: Ed25519 verification edge cases and the handshake answers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawRequest } from '../../../connectors/core/connector.ts';
import { createDiscordConnector } from '../../../connectors/discord/index.ts';
import { ed25519PublicKeyFromHex } from '../../../connectors/discord/verify-interaction.ts';
import { createInteractionKeys } from '../../fakes/fake-discord/sign-interaction.ts';
import { fixturesFor } from '../contract-harness.ts';

const connector = createDiscordConnector();
const keys = createInteractionKeys();
const account = { installationId: 'i1', credentials: { publicKey: keys.publicKeyHex }, config: {} };

function req(rawBody: Buffer, headers: Record<string, string>, now = new Date()): RawRequest {
  return { method: 'POST', url: 'https://x.example/webhooks/discord/1', headers, query: {}, rawBody, now };
}

describe('discord interactions endpoint', () => {
  const ping = readFileSync(path.join(fixturesFor('discord'), 'interaction-ping.json'));
  const support = readFileSync(path.join(fixturesFor('discord'), 'interaction-support-command.json'));

  it('builds a key from the 64-hex public key and refuses anything else', () => {
    assert.ok(ed25519PublicKeyFromHex(keys.publicKeyHex));
    assert.equal(ed25519PublicKeyFromHex('abc'), undefined);
    assert.equal(ed25519PublicKeyFromHex('zz'.repeat(32)), undefined);
  });

  it('accepts upper-case hex signatures and header names in any case', () => {
    const headers = keys.sign(ping);
    const shouted = {
      'X-Signature-Ed25519': (headers['x-signature-ed25519'] as string).toUpperCase(),
      'X-Signature-Timestamp': headers['x-signature-timestamp'] as string,
    };
    assert.deepEqual(connector.verify(req(ping, shouted), account), { ok: true });
  });

  it('rejects a signature of the wrong length or alphabet as bad-signature', () => {
    const headers = { ...keys.sign(ping), 'x-signature-ed25519': 'nothex' };
    assert.deepEqual(connector.verify(req(ping, headers), account), { ok: false, reason: 'bad-signature' });
  });

  it('rejects a signature from another application key', () => {
    const other = createInteractionKeys();
    assert.deepEqual(connector.verify(req(ping, other.sign(ping)), account), {
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a timestamp from the future beyond the window as stale', () => {
    const now = new Date();
    const later = new Date(now.getTime() + 10 * 60_000);
    assert.deepEqual(connector.verify(req(ping, keys.sign(ping, later), now), account), {
      ok: false,
      reason: 'stale',
    });
  });

  it('accepts a request four minutes old', () => {
    const now = new Date();
    const earlier = new Date(now.getTime() - 4 * 60_000);
    assert.deepEqual(connector.verify(req(ping, keys.sign(ping, earlier), now), account), { ok: true });
  });

  it('answers PING with PONG only', () => {
    assert.deepEqual(connector.handshake?.(req(ping, keys.sign(ping)), account), {
      status: 200,
      body: { type: 1 },
    });
  });

  it('answers /support with a deferred ephemeral reply and asks for the event to be queued too', () => {
    const reply = connector.handshake?.(req(support, keys.sign(support)), account);
    assert.deepEqual(reply, { status: 200, body: { type: 5, data: { flags: 64 } }, carriesEvents: true });
  });

  it('answers other commands with an ephemeral notice', () => {
    const other = Buffer.from(support.toString('utf8').replace('"name": "support"', '"name": "weather"'));
    const reply = connector.handshake?.(req(other, keys.sign(other)), account);
    assert.equal((reply?.body as { type: number }).type, 4);
    assert.equal((reply?.body as { data: { flags: number } }).data.flags, 64);
  });

  it('has no handshake for gateway frames or garbage', () => {
    const frame = readFileSync(path.join(fixturesFor('discord'), 'message-create-dm.json'));
    assert.equal(connector.handshake?.(req(frame, {}), account), undefined);
    assert.equal(connector.handshake?.(req(Buffer.from('{oops'), {}), account), undefined);
  });
});
