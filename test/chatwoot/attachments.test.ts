import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import busboy from 'busboy';
import { createChatwootClient } from '../../plugin/chatwoot/client.ts';
import {
  dropConnection,
  reply,
  sendJson,
  startTestServer,
  type RecordedRequest,
  type TestServer,
} from './start-test-server.ts';

interface ParsedForm {
  fields: Record<string, string>;
  files: { field: string; filename: string; mimeType: string; data: Buffer }[];
}

/** Parses a recorded multipart body with busboy, the parser multer uses, independent of the client's encoder. */
function parseMultipart(request: RecordedRequest): Promise<ParsedForm> {
  return new Promise((resolve, reject) => {
    const form: ParsedForm = { fields: {}, files: [] };
    const parser = busboy({ headers: request.headers });
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        form.files.push({
          field,
          filename: info.filename ?? '',
          mimeType: info.mimeType,
          data: Buffer.concat(chunks),
        }),
      );
    });
    parser.on('close', () => resolve(form));
    parser.on('error', reject);
    parser.end(request.body);
  });
}

describe('chatwoot client: messages with attachments (multipart/form-data)', () => {
  let server: TestServer;
  const path = '/api/v1/accounts/2/conversations/8/messages';
  const image = randomBytes(64 * 1024);
  const pdf = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1');

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('sends every file as an attachments[] part and the other fields as form fields', async () => {
    server.route('POST', path, (_request, res) =>
      sendJson(res, 200, {
        id: 9,
        conversation_id: 8,
        inbox_id: 1,
        message_type: 0,
        content_type: 'text',
        status: 'sent',
        created_at: 1,
        private: false,
        attachments: [],
      }),
    );
    const client = createChatwootClient({ baseUrl: server.url, accountId: 2, token: 'tok' });
    const message = await client.createMessageWithAttachments(
      8,
      {
        content: 'two files',
        message_type: 'incoming',
        private: false,
        content_attributes: { in_reply_to: 7, external_created_at: 1_700_000_000 },
        source_id: 'teams:abc',
        echo_id: 'tmp-9',
      },
      [
        { filename: 'photo.png', data: image, contentType: 'image/png' },
        { filename: 'terms (v2).pdf', data: pdf, contentType: 'application/pdf' },
      ],
    );
    assert.equal(message.id, 9);

    const request = server.hits('POST', path)[0];
    assert.ok(request);
    assert.match(String(request.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.equal(request.headers.api_access_token, 'tok');
    const form = await parseMultipart(request);
    assert.deepEqual(form.fields, {
      content: 'two files',
      message_type: 'incoming',
      private: 'false',
      content_attributes: JSON.stringify({ in_reply_to: 7, external_created_at: 1_700_000_000 }),
      source_id: 'teams:abc',
      echo_id: 'tmp-9',
    });
    assert.deepEqual(
      form.files.map((file) => [file.field, file.filename, file.mimeType]),
      [
        ['attachments[]', 'photo.png', 'image/png'],
        ['attachments[]', 'terms (v2).pdf', 'application/pdf'],
      ],
    );
    assert.ok(form.files[0]?.data.equals(image), 'image bytes arrive intact');
    assert.ok(form.files[1]?.data.equals(pdf), 'pdf bytes arrive intact');
  });

  it('re-sends the identical multipart body when Chatwoot answers 503', async () => {
    server.route('POST', path, reply(503, { error: 'busy' }), (_request, res) =>
      sendJson(res, 200, {
        id: 10,
        conversation_id: 8,
        inbox_id: 1,
        message_type: 1,
        content_type: 'text',
        status: 'sent',
        created_at: 1,
        private: false,
      }),
    );
    const client = createChatwootClient({
      baseUrl: server.url,
      accountId: 2,
      token: 'tok',
      retry: { baseDelayMs: 1 },
    });
    await client.createMessageWithAttachments(8, { content: 'retry me' }, [
      { filename: 'a.bin', data: image },
    ]);
    const [first, second] = server.hits('POST', path);
    assert.ok(first && second);
    assert.ok(first.body.equals(second.body), 'same bytes both times');
    assert.equal(first.headers['content-type'], second.headers['content-type']);
    const form = await parseMultipart(second);
    assert.equal(form.files[0]?.mimeType, 'application/octet-stream');
    assert.ok(form.files[0]?.data.equals(image));
  });

  it('reconciles a multipart message by its source_id form field after a dropped connection', async () => {
    const stored = {
      id: 11,
      conversation_id: 8,
      inbox_id: 1,
      message_type: 0,
      content_type: 'text',
      status: 'sent',
      created_at: 1,
      private: false,
      source_id: 'viber:5',
    };
    server.route('POST', path, dropConnection);
    server.route('GET', path, reply(200, { meta: {}, payload: [stored] }));
    const client = createChatwootClient({
      baseUrl: server.url,
      accountId: 2,
      token: 'tok',
      retry: { baseDelayMs: 1 },
    });
    const message = await client.createMessageWithAttachments(8, { content: 'pic', source_id: 'viber:5' }, [
      { filename: 'p.jpg', data: image, contentType: 'image/jpeg' },
    ]);
    assert.equal(message.id, 11);
    assert.equal(server.hits('POST', path).length, 1);
  });
});
