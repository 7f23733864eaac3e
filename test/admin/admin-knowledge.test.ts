/**
 * The knowledge base admin page: upload files (multipart, with CSRF), see and
 * remove documents, connect a Help Center portal, sync it and disconnect it;
 * refusals for oversized, unsupported and forged uploads.
 */
import assert from 'node:assert/strict';
import request from 'supertest';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { helpCenterSeeder } from '../knowledge/help-center-kit.ts';
import { openPage, seedInstallation, signIn } from './admin-test-kit.ts';

const SHIPPING = '# Shipping\n\nParcels leave our warehouse within one business day.\n\n## Express\n\nExpress parcels arrive the next day.';
const PDF_FREE_TEXT = 'Opening hours: Monday to Friday, 9:00 to 18:00.';

describe('admin knowledge base page', function () {
  this.timeout(60_000);
  let harness: OmniloomHarness;
  let sandbox: RunningSandbox;
  let installationId: string;
  let agent: request.Agent;
  const page = () => `/admin/installations/${installationId}/knowledge`;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    harness = await startOmniloom();
    const record = await seedInstallation(harness, {
      chatwootUrl: sandbox.url,
      accountId: sandbox.accountId,
      token: sandbox.adminToken,
    });
    installationId = record.id;
    const seed = helpCenterSeeder(sandbox, sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId));
    await seed.portal('support', 'Support site');
    await seed.article('support', { title: 'Warranty', content: 'Every device has a two-year warranty.' });
    agent = await signIn(harness);
  });

  after(async () => {
    await harness?.stop();
    await sandbox?.close();
  });

  it('is linked from the installation page and starts empty', async () => {
    const installation = await openPage(agent, `/admin/installations/${installationId}`);
    assert.match(installation.html, new RegExp(`href="${page()}"`));
    const { html } = await openPage(agent, page());
    assert.match(html, /No documents yet/);
    assert.match(html, /<option value="support"[^>]*>Support site \(support\)<\/option>/);
  });

  it('uploads several files at once, reports each, and lists the documents', async () => {
    const { csrf } = await openPage(agent, page());
    const response = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .field('language', 'en')
      .attach('files', Buffer.from(SHIPPING), 'shipping-guide.md')
      .attach('files', Buffer.from(PDF_FREE_TEXT), 'hours.txt')
      .attach('files', Buffer.from('PK\u0003\u0004'), 'contract.docx')
      .expect(200);
    assert.match(response.text, /<strong>shipping-guide\.md<\/strong>: created, \d+ passages/);
    assert.match(response.text, /<strong>hours\.txt<\/strong>: created/);
    assert.match(response.text, /<strong>contract\.docx<\/strong>: contract\.docx is not Markdown, HTML, text or PDF/);
    assert.match(response.text, /<td>Shipping<\/td>\s*<td>Uploaded<\/td>/);
    assert.match(response.text, /all inboxes · en/);

    const documents = (await harness.runtime.store.knowledge.listDocuments(installationId)).map((document) => document.source).sort();
    assert.deepEqual(documents, ['upload:hours.txt', 'upload:shipping-guide.md']);
  });

  it('updates a document uploaded again under the same name, embedding only what changed', async () => {
    const { csrf } = await openPage(agent, page());
    const same = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .field('language', 'en')
      .attach('files', Buffer.from(SHIPPING), 'shipping-guide.md')
      .expect(200);
    assert.match(same.text, /shipping-guide\.md<\/strong>: unchanged/);
    const changed = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .field('language', 'en')
      .attach('files', Buffer.from(`${SHIPPING}\n\n## Returns\n\nReturns are free within 30 days.`), 'shipping-guide.md')
      .expect(200);
    assert.match(changed.text, /shipping-guide\.md<\/strong>: updated, \d+ passages \(\d+ embedded, [1-9]\d* reused\)/);
    assert.equal((await harness.runtime.store.knowledge.listDocuments(installationId)).length, 2);
  });

  it('keeps non-ASCII file names intact', async () => {
    const { csrf } = await openPage(agent, page());
    const response = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .attach('files', Buffer.from('# Envío\n\nEnviamos a toda España en 48 horas.'), 'envío-España.md')
      .expect(200);
    assert.match(response.text, /envío-España\.md<\/strong>: created/);
  });

  it('refuses an upload without the form token, before storing anything', async () => {
    const before = (await harness.runtime.store.knowledge.listDocuments(installationId)).length;
    await agent.post(`${page()}/upload`).attach('files', Buffer.from('# Forged'), 'forged.md').expect(403);
    assert.equal((await harness.runtime.store.knowledge.listDocuments(installationId)).length, before);
  });

  it('refuses uploads from someone not signed in, without reading them', async () => {
    await request(harness.url)
      .post(`${page()}/upload`)
      .set('accept', 'application/json')
      .attach('files', Buffer.from('# Stranger'), 'stranger.md')
      .expect(401);
  });

  it('answers an empty or oversized upload with a clear error on the page', async () => {
    const { csrf } = await openPage(agent, page());
    const empty = await agent.post(`${page()}/upload`).field('_csrf', csrf).expect(422);
    assert.match(empty.text, /Choose at least one file to upload/);
    const huge = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .attach('files', Buffer.alloc(21 * 1024 * 1024, 'a'), 'huge.txt')
      .expect(413);
    assert.match(huge.text, /A file is larger than 20 MB/);
    const badInbox = await agent
      .post(`${page()}/upload`)
      .field('_csrf', csrf)
      .field('inboxId', 'abc')
      .attach('files', Buffer.from('# Fine'), 'fine.md')
      .expect(422);
    assert.match(badInbox.text, /The inbox id must be a positive whole number/);
  });

  it('removes a document', async () => {
    const { html, csrf } = await openPage(agent, page());
    const id = /data-document="([^"]+)">\s*<td>hours<\/td>/.exec(html)?.[1];
    assert.ok(id, 'the hours document is listed');
    const removed = await agent.post(`${page()}/documents/${id}/remove`).type('form').send({ _csrf: csrf }).expect(303);
    assert.equal(removed.headers.location, `${page()}?notice=document-removed#documents`);
    assert.equal(await harness.runtime.store.knowledge.getDocument(installationId, id!), undefined);
    await agent.post(`${page()}/documents/${id}/remove`).type('form').send({ _csrf: csrf }).expect(404);
  });

  it('connects a Help Center portal, shows its last sync, syncs on demand and disconnects it', async () => {
    const { csrf } = await openPage(agent, page());
    const unknown = await agent.post(`${page()}/help-center`).type('form').send({ _csrf: csrf, portal: 'nope' }).expect(422);
    assert.match(unknown.text, /Chatwoot has no Help Center portal &quot;nope&quot;/);

    const connected = await agent
      .post(`${page()}/help-center`)
      .type('form')
      .send({ _csrf: csrf, portal: 'support', keepInSync: 'on' })
      .expect(303);
    assert.equal(connected.headers.location, `${page()}?notice=help-center-connected#help-center`);
    const synced = await eventually(async () => {
      const { html } = await openPage(agent, page());
      return /<td>Warranty<\/td>\s*<td>Help Center · support<\/td>/.test(html) && /1 added or updated/.test(html) ? html : undefined;
    }, 10_000, 'the import to show');
    assert.match(synced, /data-portal="support"/);
    assert.match(synced, /kept in sync/);

    await agent.post(`${page()}/help-center/sync`).type('form').send({ _csrf: csrf, portal: 'support' }).expect(303);
    await agent.post(`${page()}/help-center/sync`).type('form').send({ _csrf: csrf }).expect(400);
    const disconnected = await agent
      .post(`${page()}/help-center/disconnect`)
      .type('form')
      .send({ _csrf: csrf, portal: 'support' })
      .expect(303);
    assert.equal(disconnected.headers.location, `${page()}?notice=help-center-disconnected#help-center`);
    const { html } = await openPage(agent, page());
    assert.doesNotMatch(html, /<td>Warranty<\/td>/);
    assert.doesNotMatch(html, /data-portal="support"/);
  });

  it('syncs and disconnects a portal whose slug no URL path could carry', async () => {
    // Chatwoot checks only that a slug is present and unique.
    const slug = '../faq/2025?draft#x';
    await sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId).post('/portals', { portal: { name: 'Odd', slug } });
    const { csrf } = await openPage(agent, page());
    await agent.post(`${page()}/help-center`).type('form').send({ _csrf: csrf, portal: slug }).expect(303);
    const { html } = await openPage(agent, page());
    assert.match(html, /<input type="hidden" name="portal" value="\.\.\/faq\/2025\?draft#x">/);
    await agent.post(`${page()}/help-center/sync`).type('form').send({ _csrf: csrf, portal: slug }).expect(303);
    await agent.post(`${page()}/help-center/disconnect`).type('form').send({ _csrf: csrf, portal: slug }).expect(303);
    assert.doesNotMatch((await openPage(agent, page())).html, /data-portal="\.\.\/faq/);
  });

  it('still shows the page when Chatwoot cannot list the portals', async () => {
    const api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    await api.post('/__sandbox/faults', { method: 'GET', path: '/api/v1/accounts/*/portals', status: 500, times: 10 });
    try {
      const { html } = await openPage(agent, page());
      assert.match(html, /Could not list the account&#x27;s Help Center portals from Chatwoot/);
      assert.match(html, /name="portal" type="text"/);
    } finally {
      await api.delete('/__sandbox/faults');
    }
  });

  it('sent Chatwoot only requests its spec allows', () => {
    assert.deepEqual(sandbox.violations(), []);
  });
});
