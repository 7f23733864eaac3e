/**
 * Attachment downloads for messages bridged into Chatwoot: straight from the
 * URL for channels without auth, through the connector otherwise, and never
 * beyond the size limit.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Connector, ConnectorDeps } from '../../connectors/core/connector.ts';
import { fetchAttachments } from '../../plugin/bridge/fetch-attachments.ts';
import type { Attachment } from '../../plugin/messages/normalized-message.ts';

const LIMIT = 1024;

describe('bridge: fetchAttachments', () => {
  let server: Server;
  let base: string;
  const requested: string[] = [];
  const warnings: string[] = [];
  const deps: ConnectorDeps = {
    logger: pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) }),
    maxAttachmentBytes: LIMIT,
  };

  before(async () => {
    server = createServer((req, res) => {
      requested.push(req.url ?? '');
      switch (req.url) {
        case '/files/Quarterly%20report.pdf':
        case '/':
          res.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(10, 1));
          return;
        case '/declared-too-large':
          res.writeHead(200, { 'content-length': String(LIMIT + 1) }).end(Buffer.alloc(LIMIT + 1));
          return;
        case '/streams-too-much':
          // No Content-Length: the cap has to hold while the body streams in.
          res.writeHead(200, { 'content-type': 'image/png' });
          res.write(Buffer.alloc(LIMIT));
          res.end(Buffer.alloc(10));
          return;
        default:
          res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  beforeEach(() => {
    requested.length = 0;
    warnings.length = 0;
  });

  it('downloads a URL attachment, naming it after the decoded last path segment', async () => {
    const { files, notes } = await fetchAttachments(
      [{ kind: 'file', url: `${base}/files/Quarterly%20report.pdf`, caption: 'Q3 numbers' }],
      { deps },
    );
    assert.deepEqual(files, [
      { data: Buffer.alloc(10, 1), contentType: 'application/pdf', fileName: 'Quarterly report.pdf' },
    ]);
    assert.deepEqual(notes, ['Q3 numbers']);
  });

  it('falls back to a generic file name when the URL path has none', async () => {
    const { files } = await fetchAttachments([{ kind: 'file', url: `${base}/` }], { deps });
    assert.equal(files[0]?.fileName, 'file');
  });

  it('prefers the attachment’s own file name and content type', async () => {
    const { files } = await fetchAttachments(
      [{ kind: 'image', url: `${base}/`, fileName: 'photo.jpg', contentType: 'image/jpeg' }],
      { deps },
    );
    assert.equal(files[0]?.fileName, 'photo.jpg');
    assert.equal(files[0]?.contentType, 'image/jpeg');
  });

  it('turns a file the channel declares too large into a note without downloading it', async () => {
    const { files, notes } = await fetchAttachments(
      [{ kind: 'video', url: `${base}/`, fileName: 'clip.mp4', sizeBytes: LIMIT + 1 }],
      { deps },
    );
    assert.deepEqual(files, []);
    assert.deepEqual(notes, [`[clip.mp4 not attached: ${LIMIT + 1} bytes is over the ${LIMIT} byte limit]`]);
    assert.deepEqual(requested, []);
  });

  for (const path of ['/declared-too-large', '/streams-too-much', '/missing']) {
    it(`turns a failed download (${path}) into a note with the URL and a warning`, async () => {
      const url = `${base}${path}`;
      const { files, notes } = await fetchAttachments([{ kind: 'image', url }], { deps });
      assert.deepEqual(files, []);
      assert.deepEqual(notes, [`[image could not be downloaded: ${url}]`]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0] ?? '', /attachment download failed/);
    });
  }

  it('writes locations and contacts as notes', async () => {
    const attachments: Attachment[] = [
      { kind: 'location', location: { latitude: 52.37, longitude: 4.89, name: 'Office' } },
      { kind: 'contact', contact: { name: 'Ana', phone: '+31612345678' } },
    ];
    const { files, notes } = await fetchAttachments(attachments, { deps });
    assert.deepEqual(files, []);
    assert.deepEqual(notes, ['📍 Office: https://maps.google.com/?q=52.37,4.89', '👤 Ana +31612345678']);
  });

  it('downloads through the connector when it has its own download and an account is given', async () => {
    const downloaded: Attachment[] = [];
    const connector = {
      id: 'authed',
      downloadAttachment: async (attachment: Attachment) => {
        downloaded.push(attachment);
        return { data: Buffer.from('secret bytes'), contentType: 'text/plain', fileName: 'notes.txt' };
      },
    } as unknown as Connector;
    const account = { installationId: 'inst', credentials: {}, config: {} };
    const attachment: Attachment = { kind: 'file', platformFileId: 'F1' };
    const { files } = await fetchAttachments([attachment], { connector, account, deps });
    assert.deepEqual(downloaded, [attachment]);
    assert.equal(files[0]?.fileName, 'notes.txt');
    assert.deepEqual(requested, []);
  });
});
