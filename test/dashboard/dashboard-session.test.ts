import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  issueDashboardSession,
  SESSION_TTL_MS,
  verifyDashboardSession,
} from '../../dashboard-extension/session/dashboard-session.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';

describe('dashboard panel sessions', () => {
  const key = createSecretBox(randomBytes(32).toString('hex')).deriveKey('dashboard-session');
  const installationId = 'c9a3e4d2-0000-4000-8000-000000000001';
  const issuedAt = new Date('2026-11-20T09:00:00Z');
  const later = (ms: number) => new Date(issuedAt.getTime() + ms);

  it('accepts a fresh token for its installation until it expires, then says it expired', async () => {
    const { token, expiresAt } = await issueDashboardSession(key, { installationId, now: issuedAt });
    assert.equal(expiresAt.getTime(), issuedAt.getTime() + SESSION_TTL_MS);
    const fresh = await verifyDashboardSession(key, token, { installationId, now: later(60_000) });
    assert.equal(fresh.ok, true);
    assert.equal(fresh.ok && fresh.session.installationId, installationId);
    assert.deepEqual(
      await verifyDashboardSession(key, token, { installationId, now: later(SESSION_TTL_MS + 1000) }),
      {
        ok: false,
        reason: 'expired',
      },
    );
  });

  it('refuses another installation, a tampered payload or signature, another key, and garbage', async () => {
    const { token } = await issueDashboardSession(key, { installationId, now: issuedAt });
    const now = later(1000);
    assert.deepEqual(
      await verifyDashboardSession(key, token, { installationId: 'another-installation', now }),
      {
        ok: false,
        reason: 'wrong-installation',
      },
    );

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'another-installation' })).toString(
      'base64url',
    );
    assert.deepEqual(
      await verifyDashboardSession(key, `${header}.${forged}.${signature}`, {
        installationId: 'another-installation',
        now,
      }),
      {
        ok: false,
        reason: 'bad-signature',
      },
    );
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.deepEqual(
      await verifyDashboardSession(key, `${header}.${payload}.${flipped}`, { installationId, now }),
      {
        ok: false,
        reason: 'bad-signature',
      },
    );
    const otherKey = createSecretBox(randomBytes(32).toString('hex')).deriveKey('dashboard-session');
    assert.deepEqual(await verifyDashboardSession(otherKey, token, { installationId, now }), {
      ok: false,
      reason: 'bad-signature',
    });

    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    assert.deepEqual(await verifyDashboardSession(key, unsigned, { installationId, now }), {
      ok: false,
      reason: 'malformed',
    });
    assert.deepEqual(await verifyDashboardSession(key, 'not-a-token', { installationId, now }), {
      ok: false,
      reason: 'malformed',
    });
    assert.deepEqual(await verifyDashboardSession(key, undefined, { installationId, now }), {
      ok: false,
      reason: 'missing',
    });
  });

  it('keys derived for different purposes differ, and the same box derives the same key', () => {
    const box = createSecretBox(randomBytes(32).toString('hex'));
    assert.deepEqual(box.deriveKey('dashboard-session'), box.deriveKey('dashboard-session'));
    assert.notDeepEqual(box.deriveKey('dashboard-session'), box.deriveKey('something-else'));
    assert.equal(box.deriveKey('dashboard-session').length, 32);
  });

  it('renewals keep the first issue time and stop at the maximum age', async () => {
    const since = issuedAt;
    const nearEnd = later(12 * 60 * 60 * 1000 - 5 * 60 * 1000);
    const renewed = await issueDashboardSession(key, { installationId, now: nearEnd, since });
    assert.equal(
      renewed.expiresAt.getTime(),
      since.getTime() + 12 * 60 * 60 * 1000,
      'capped at 12 h after the page load',
    );
    const check = await verifyDashboardSession(key, renewed.token, { installationId, now: nearEnd });
    assert.equal(check.ok && check.session.since.getTime(), since.getTime());
  });
});
