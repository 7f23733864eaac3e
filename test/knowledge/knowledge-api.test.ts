/**
 * The knowledge base API: JSON documents, multipart file uploads (PDF
 * included), listing and removal, and its refusals.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import request from 'supertest';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { seedInstallation } from '../admin/admin-test-kit.ts';
import { nastyString } from '../fuzz/fuzz-inputs.ts';

async function pdfWith(title: string, text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText(text, { x: 40, y: 700, size: 12, font });
  return Buffer.from(await pdf.save());
}

describe('knowledge base API', function () {
  this.timeout(30_000);
  let harness: OmniloomHarness;
  let installationId: string;
  const api = () => request(harness.url);
  const auth = () => `Bearer ${harness.adminToken}`;
  const base = () => `/api/installations/${installationId}/knowledge`;

  before(async () => {
    harness = await startOmniloom({ env: { LOG_LEVEL: 'warn' } });
    installationId = (await seedInstallation(harness, { chatwootUrl: 'http://127.0.0.1:9', accountId: 1, token: 'unused' })).id;
  });
  after(() => harness?.stop());

  it('adds a JSON document and updates it by source', async () => {
    const created = await api()
      .post(base())
      .set('authorization', auth())
      .send({ source: 'https://help.example.com/pay', title: 'Paying', content: '# Paying\n\nWe take cards.' })
      .expect(201);
    assert.equal(created.body.status, 'created');
    const updated = await api()
      .post(base())
      .set('authorization', auth())
      .send({ source: 'https://help.example.com/pay', title: 'Paying', content: '# Paying\n\nWe take cards and bank transfers.' })
      .expect(201);
    assert.equal(updated.body.status, 'updated');
    assert.equal(updated.body.documentId, created.body.documentId);
  });

  it('takes files as multipart form data, each reported on its own', async () => {
    const response = await api()
      .post(`${base()}/files`)
      .set('authorization', auth())
      .field('inboxId', '7')
      .field('language', 'en')
      .attach('files', await pdfWith('Warranty', 'Two years of warranty on every device.'), 'warranty.pdf')
      .attach('files', Buffer.from('<h1>Returns</h1><p>Free within 30 days.</p>'), 'returns.html')
      .attach('files', Buffer.from('not a pdf'), 'broken.pdf')
      .expect(201);
    const byFile = Object.fromEntries(response.body.files.map((entry: { file: string }) => [entry.file, entry]));
    assert.equal(byFile['warranty.pdf'].status, 'created');
    assert.equal(byFile['returns.html'].status, 'created');
    assert.match(byFile['broken.pdf'].error, /not a readable PDF/);

    const listed = await api().get(base()).set('authorization', auth()).expect(200);
    const warranty = listed.body.documents.find((document: { title: string }) => document.title === 'Warranty');
    assert.deepEqual([warranty.source, warranty.inboxId, warranty.language], ['upload:warranty.pdf', 7, 'en']);

    await api().delete(`${base()}/${warranty.id}`).set('authorization', auth()).expect(204);
    await api().delete(`${base()}/${warranty.id}`).set('authorization', auth()).expect(404);
  });

  it('refuses what it cannot take with a clear 4xx', async () => {
    const onlyBad = await api()
      .post(`${base()}/files`)
      .set('authorization', auth())
      .attach('files', Buffer.from('PK'), 'slides.pptx')
      .expect(422);
    assert.match(onlyBad.body.files[0].error, /not Markdown, HTML, text or PDF/);
    assert.match(onlyBad.body.error.message, /No file could be added/);
    const notMultipart = await api().post(`${base()}/files`).set('authorization', auth()).send({ files: [] }).expect(415);
    assert.match(notMultipart.body.error.message, /multipart\/form-data/);
    await api().post(`${base()}/files`).set('authorization', auth()).field('language', 'en').expect(400);
    await api()
      .post(`${base()}/files`)
      .set('authorization', auth())
      .field('inboxId', 'seven')
      .attach('files', Buffer.from('# x'), 'x.md')
      .expect(400);
    await api()
      .post(`${base()}/files`)
      .set('authorization', auth())
      .attach('attachments', Buffer.from('# x'), 'x.md')
      .expect(400);
    // A body cut off mid-part.
    await api()
      .post(`${base()}/files`)
      .set('authorization', auth())
      .set('content-type', 'multipart/form-data; boundary=XYZ')
      .send('--XYZ\r\nContent-Disposition: form-data; name="files"; filename="a.md"\r\n\r\n# trunc')
      .expect(400);
    await api()
      .post('/api/installations/no-such-installation/knowledge/files')
      .set('authorization', auth())
      .attach('files', Buffer.from('# x'), 'x.md')
      .expect(404);
    await api().post(`${base()}/files`).set('accept', 'application/json').attach('files', Buffer.from('# x'), 'x.md').expect(401);
  });
});

describe('knowledge base API under arbitrary input', function () {
  this.timeout(60_000);
  let harness: OmniloomHarness;
  let installationId: string;

  before(async () => {
    harness = await startOmniloom({ env: { LOG_LEVEL: 'silent' } });
    installationId = (await seedInstallation(harness, { chatwootUrl: 'http://127.0.0.1:9', accountId: 1, token: 'unused' })).id;
  });
  after(() => harness?.stop());

  it('reports an unreachable Chatwoot as a gateway error that names the call', async () => {
    const response = await fetch(`${harness.url}/api/installations/${installationId}/knowledge/help-center`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ portal: 'help' }),
    });
    assert.equal(response.status, 502);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(error.code, 'chatwoot_api_error');
    assert.match(error.message, /portals failed without a response .*check that Chatwoot is reachable/);
  });

  it('answers multipart uploads and Help Center requests with 2xx or a clear 4xx, never a 5xx', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constant('files'), fc.constant('inboxId'), fc.constant('language'), nastyString),
      fileName: fc.option(nastyString, { nil: undefined }),
      body: fc.oneof(fc.string(), fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes).toString('latin1'))),
    });
    const multipart = fc
      .tuple(fc.array(part, { maxLength: 4 }), fc.boolean())
      .map(([parts, truncated]) => {
        const boundary = 'fuzzBoundary7MA4YWxk';
        const text = parts
          .map(
            ({ name, fileName, body }) =>
              `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${fileName === undefined ? '' : `; filename="${fileName}"`}\r\n\r\n${body}\r\n`,
          )
          .join('');
        const full = `${text}--${boundary}--\r\n`;
        return { boundary, body: Buffer.from(truncated ? full.slice(0, Math.floor(full.length / 2)) : full, 'latin1') };
      });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          multipart.map(({ boundary, body }) => ({
            path: `/api/installations/${installationId}/knowledge/files`,
            type: `multipart/form-data; boundary=${boundary}`,
            body,
          })),
          fc.jsonValue({ maxDepth: 2 }).map((value) => ({
            path: `/api/installations/${installationId}/knowledge/help-center`,
            type: 'application/json',
            body: Buffer.from(JSON.stringify(value)),
          })),
          // Through UTF-8 and back: a lone surrogate cannot be percent-encoded.
          nastyString.map((portal) => ({
            path: `/api/installations/${installationId}/knowledge/help-center/${encodeURIComponent(Buffer.from(portal).toString('utf8'))}/sync`,
            type: 'application/json',
            body: Buffer.from('{}'),
          })),
        ),
        async ({ path, type, body }) => {
          const response = await fetch(`${harness.url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${harness.adminToken}`, 'content-type': type },
            body,
          });
          const text = await response.text();
          // This installation's Chatwoot is unreachable: a call that gets that far is a gateway error, not ours.
          const upstream = response.status === 502 && JSON.parse(text).error.code === 'chatwoot_api_error';
          assert.ok(response.status < 500 || upstream, `${path} answered ${response.status}: ${text}`);
          if (response.status >= 400) assert.ok(JSON.parse(text).error.message, 'a 4xx says why');
        },
      ),
      { numRuns: 150 },
    );
  });
});
