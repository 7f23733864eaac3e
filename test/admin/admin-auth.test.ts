import assert from 'node:assert/strict';
import request from 'supertest';
import { safeNextPath, sessionCookieOptions } from '../../plugin/admin/session-cookie.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { csrfOf, openPage, seedInstallation, signIn } from './admin-test-kit.ts';

describe('admin pages: sign-in, sessions and CSRF', () => {
  let harness: OmniloomHarness;

  before(async () => {
    harness = await startOmniloom();
  });
  after(async () => {
    await harness?.stop();
  });

  it('sends browsers without a session to the login page and API clients a 401', async () => {
    await request(harness.url)
      .get('/admin/installations/abc?x=1')
      .set('accept', 'text/html')
      .expect(303)
      .expect('location', `/admin/login?next=${encodeURIComponent('/admin/installations/abc?x=1')}`);
    const json = await request(harness.url).get('/admin').set('accept', 'application/json').expect(401);
    assert.equal(json.body.error.code, 'unauthorized');
    // A form posted after the session ran out goes back through the login page too.
    await request(harness.url)
      .post('/admin/install')
      .set('accept', 'text/html')
      .type('form')
      .send({})
      .expect(303)
      .expect('location', '/admin/login?next=%2Fadmin');
  });

  it('serves the stylesheet without a session', async () => {
    const css = await request(harness.url).get('/admin/assets/admin.css').expect(200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    await request(harness.url).get('/admin/assets/missing.css').set('accept', 'text/html').expect(404);
  });

  it('rejects a wrong token without setting a session', async () => {
    const agent = request.agent(harness.url);
    const form = await agent.get('/admin/login?next=/admin/install').expect(200);
    assert.match(form.text, /type="password"/);
    const reply = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), token: 'not-the-admin-token', next: '/admin/install' })
      .expect(401);
    assert.match(reply.text, /That admin token is not valid/);
    assert.ok(!String(reply.headers['set-cookie'] ?? '').includes('omniloom_admin='));
    await agent.get('/admin').set('accept', 'application/json').expect(401);
  });

  it('rejects a login form without its CSRF token', async () => {
    const agent = request.agent(harness.url);
    await agent.get('/admin/login').expect(200);
    const reply = await agent
      .post('/admin/login')
      .type('form')
      .send({ token: harness.adminToken })
      .expect(403);
    assert.ok(!String(reply.headers['set-cookie'] ?? '').includes('omniloom_admin='));
    // A token minted for another browser's nonce does not work either.
    const other = await request(harness.url).get('/admin/login').expect(200);
    await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(other.text), token: harness.adminToken })
      .expect(403);
  });

  it('signs in with the admin token, sets a locked-down cookie and follows next', async () => {
    const agent = request.agent(harness.url);
    const form = await agent.get('/admin/login?next=%2Fadmin%2Finstall').expect(200);
    const reply = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), token: harness.adminToken, next: '/admin/install' })
      .expect(303)
      .expect('location', '/admin/install');
    const cookie = [reply.headers['set-cookie'] ?? []]
      .flat()
      .find((line: string) => line.startsWith('omniloom_admin='));
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'plain-http public URL: no Secure flag');
    const page = await agent.get('/admin').expect(200);
    assert.match(page.text, /<h1 class="page__title">Installations<\/h1>/);
    assert.match(page.text, /action="\/admin\/logout"/);
    assert.equal(page.headers['cache-control'], 'no-store');
    // Signed in already: the login page moves on.
    await agent.get('/admin/login?next=/admin/install').expect(303).expect('location', '/admin/install');
  });

  it('never redirects off-site after signing in', async () => {
    const agent = request.agent(harness.url);
    const form = await agent.get('/admin/login').expect(200);
    await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), token: harness.adminToken, next: '//evil.example/phish' })
      .expect(303)
      .expect('location', '/admin');
    for (const next of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      assert.equal(safeNextPath(next), '/admin', next);
    }
    assert.equal(
      safeNextPath('/admin/installations/1?notice=x#status'),
      '/admin/installations/1?notice=x#status',
    );
    assert.equal(sessionCookieOptions('https://omniloom.example.com').secure, true);
  });

  it('accepts the admin bearer token on every page', async () => {
    const page = await harness.admin('/admin', { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    assert.doesNotMatch(
      await page.text(),
      /action="\/admin\/logout"/,
      'no sign-out button without a session',
    );
    const wrong = await fetch(`${harness.url}/admin`, {
      headers: { authorization: 'Bearer wrong-token', accept: 'text/html' },
    });
    assert.equal(wrong.status, 401);
  });

  it('rejects a POST whose CSRF token is missing or belongs to another session', async () => {
    const record = await seedInstallation(harness, {
      chatwootUrl: 'http://127.0.0.1:9',
      accountId: 7,
      token: 'chatwoot-token-123',
    });
    const agent = await signIn(harness);
    const other = await signIn(harness);
    const { csrf: othersToken } = await openPage(other, '/admin');
    const form = {
      threshold: '0.9',
      defaultMode: 'auto',
      afterResolved: 'reopen',
      timezone: 'UTC',
      defaultRegion: 'US',
      languages: 'en',
    };

    const missing = await agent.post(`/admin/installations/${record.id}`).type('form').send(form).expect(403);
    assert.match(missing.text, /This form expired or was not sent from the Omniloom admin pages/);
    // Sessions signed a moment apart can share the same expiry second; pick a token that surely differs.
    const foreign = othersToken === csrfOf((await agent.get('/admin')).text) ? 'forged-token' : othersToken;
    await agent
      .post(`/admin/installations/${record.id}`)
      .type('form')
      .send({ ...form, _csrf: foreign })
      .expect(403);
    const json = await agent
      .post(`/admin/installations/${record.id}`)
      .set('accept', 'application/json')
      .type('form')
      .send(form)
      .expect(403);
    assert.equal(json.body.error.code, 'forbidden');

    const unchanged = await harness.runtime.store.installations.get(record.id);
    assert.deepEqual(unchanged?.settings, {});
  });

  it('lets bearer-token clients post forms without a CSRF token', async () => {
    const record = await seedInstallation(harness, {
      chatwootUrl: 'http://127.0.0.1:9',
      accountId: 8,
      token: 'chatwoot-token-456',
    });
    const reply = await request(harness.url)
      .post(`/admin/installations/${record.id}`)
      .set('authorization', `Bearer ${harness.adminToken}`)
      .type('form')
      .send({
        threshold: '0.75',
        defaultMode: 'suggest',
        afterResolved: 'reopen',
        timezone: 'UTC',
        defaultRegion: 'US',
        languages: 'en',
        routingRules: '[]',
      })
      .expect(303);
    assert.equal(reply.headers.location, `/admin/installations/${record.id}?notice=settings-saved#settings`);
    const saved = await harness.runtime.store.installations.get(record.id);
    assert.equal((saved?.settings.ai as { threshold: number }).threshold, 0.75);
  });

  it('signs out: the cookie is cleared and the next visit needs the login again', async () => {
    const agent = await signIn(harness);
    const { csrf } = await openPage(agent, '/admin');
    await agent.post('/admin/logout').type('form').send({}).expect(403);
    const reply = await agent
      .post('/admin/logout')
      .type('form')
      .send({ _csrf: csrf })
      .expect(303)
      .expect('location', '/admin/login?notice=signed-out');
    assert.match(String(reply.headers['set-cookie']), /omniloom_admin=;/);
    await agent.get('/admin').set('accept', 'text/html').expect(303);
    const loginPage = await agent.get('/admin/login?notice=signed-out').expect(200);
    assert.match(loginPage.text, /You are signed out\./);
  });
});
