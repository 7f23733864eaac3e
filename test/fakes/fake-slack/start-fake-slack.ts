/**
 * A fake Slack Web API on an ephemeral port, answering the way Slack does:
 * HTTP 200 with `{ok: false, error}` for API errors, 429 with `Retry-After`
 * for rate limits, form-encoded or JSON requests with a bearer token, and the
 * external file-upload flow `files.uploadV2` drives
 * (getUploadURLExternal → POST to upload_url → completeUploadExternal).
 * It also serves `url_private` files, which require the bot token.
 * https://docs.slack.dev/apis/web-api/
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { ConnectorAccount } from '../../../connectors/core/connector.ts';

/** One Web API call as the fake received it. */
export interface RecordedSlackCall {
  method: string;
  params: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FakeSlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name?: string;
  is_bot?: boolean;
  profile: { email?: string; display_name?: string; real_name?: string; image_192?: string };
}

export interface FakeSlackUpload {
  fileId: string;
  filename: string;
  length: number;
  data?: Buffer;
  completed?: { channel_id?: string; thread_ts?: string; title?: string };
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>/api/`, the connector's `apiBaseUrl`. */
  apiBaseUrl: string;
  baseUrl: string;
  botToken: string;
  signingSecret: string;
  calls: RecordedSlackCall[];
  posted: Array<{ channel: string; ts: string; text: string; thread_ts?: string }>;
  uploads: Map<string, FakeSlackUpload>;
  users: Map<string, FakeSlackUser>;
  /** Files served under `/files-pri/...` to bearer-token holders only. */
  files: Map<string, { data: Buffer; contentType: string }>;
  /** When false, users.info leaves `profile.email` out, as without the users:read.email scope. */
  emailScope: boolean;
  /** The next call to `method` answers 429 with this Retry-After (seconds). */
  rateLimitNext(method: string, retryAfterSeconds: number): void;
  /** The next call to `method` answers `{ok: false, error}`. */
  failNext(method: string, error: string): void;
  callsTo(method: string): RecordedSlackCall[];
  account(config?: Record<string, unknown>): ConnectorAccount;
  close(): Promise<void>;
}

export const FAKE_SLACK_BOT_TOKEN = 'xoxb-FAKE-0000-bot-token';
export const FAKE_SLACK_SIGNING_SECRET = 'FAKE_slack_signing_secret_8f14e45f';
export const FAKE_SLACK_TEAM = 'T0FAKE0001';
export const FAKE_SLACK_BOT_USER = 'U0FAKEBOT01';

let tsCounter = 0;
function nextTs(): string {
  tsCounter = (tsCounter + 1) % 1_000_000;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
}

/** Starts the fake; call `close()` in an `after` hook. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedSlackCall[] = [];
  const posted: FakeSlack['posted'] = [];
  const uploads = new Map<string, FakeSlackUpload>();
  const users = new Map<string, FakeSlackUser>();
  const files = new Map<string, { data: Buffer; contentType: string }>();
  const rateLimits = new Map<string, number>();
  const failures = new Map<string, string>();
  let baseUrl = '';

  const app = express();
  const authorized = (req: Request) => req.headers.authorization === `Bearer ${FAKE_SLACK_BOT_TOKEN}`;

  // The upload URL takes the raw file as multipart (field `body` from the SDK) or as the bare body.
  app.post('/upload/v1/:fileId', express.raw({ type: () => true, limit: '30mb' }), async (req, res) => {
    const upload = uploads.get(req.params.fileId);
    if (!upload) return void res.status(404).send('unknown upload');
    const type = req.headers['content-type'] ?? '';
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (type.startsWith('multipart/form-data')) {
      const form = await new globalThis.Request('http://fake.invalid/', {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(raw),
      }).formData();
      const part = form.get('body') ?? form.get('file');
      upload.data =
        part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    } else {
      upload.data = raw;
    }
    res.status(200).send(`OK - ${upload.data.length}`);
  });

  app.get('/files-pri/:teamFile/:name', (req, res) => {
    const file = files.get(`${req.params.teamFile}/${req.params.name}`);
    if (!authorized(req) || !file) {
      // What Slack does without a valid token: a 200 HTML sign-in page.
      res.status(200).type('text/html').send('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    res.type(file.contentType).send(file.data);
  });

  app.post(
    '/api/:method',
    express.urlencoded({ extended: false }),
    express.json(),
    (req: Request, res: Response) => {
      const method = String(req.params.method);
      const params = { ...(req.body as Record<string, unknown>) };
      delete params.token;
      calls.push({ method, params, authorization: req.headers.authorization });
      const retryAfter = rateLimits.get(method);
      if (retryAfter !== undefined) {
        rateLimits.delete(method);
        res.status(429).set('Retry-After', String(retryAfter)).json({ ok: false, error: 'ratelimited' });
        return;
      }
      if (!authorized(req)) return void res.json({ ok: false, error: 'invalid_auth' });
      const failure = failures.get(method);
      if (failure !== undefined) {
        failures.delete(method);
        return void res.json({ ok: false, error: failure });
      }
      const str = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : undefined);

      switch (method) {
        case 'auth.test':
          return void res.json({
            ok: true,
            url: 'https://fake-workspace.example.com/',
            team: 'Fake Workspace',
            user: 'omniloom',
            team_id: FAKE_SLACK_TEAM,
            user_id: FAKE_SLACK_BOT_USER,
            bot_id: 'B0FAKEBOT01',
          });
        case 'users.info': {
          const user = users.get(str('user') ?? '');
          if (!user) return void res.json({ ok: false, error: 'user_not_found' });
          const profile = { ...user.profile };
          if (!fake.emailScope) delete profile.email;
          return void res.json({ ok: true, user: { ...user, profile } });
        }
        case 'chat.postMessage': {
          const channel = str('channel');
          const text = str('text');
          if (!channel) return void res.json({ ok: false, error: 'channel_not_found' });
          if (!text && !params.blocks) return void res.json({ ok: false, error: 'no_text' });
          if ((text ?? '').length > 40_000) return void res.json({ ok: false, error: 'msg_too_long' });
          const ts = nextTs();
          posted.push({ channel, ts, text: text ?? '', thread_ts: str('thread_ts') });
          return void res.json({
            ok: true,
            channel,
            ts,
            message: {
              type: 'message',
              text,
              user: FAKE_SLACK_BOT_USER,
              bot_id: 'B0FAKEBOT01',
              ts,
              thread_ts: str('thread_ts'),
            },
          });
        }
        case 'chat.update': {
          const message = posted.find((entry) => entry.channel === str('channel') && entry.ts === str('ts'));
          if (!message) return void res.json({ ok: false, error: 'message_not_found' });
          message.text = str('text') ?? message.text;
          return void res.json({ ok: true, channel: message.channel, ts: message.ts, text: message.text });
        }
        case 'files.getUploadURLExternal': {
          const filename = str('filename');
          const length = Number(params.length);
          if (!filename || !Number.isFinite(length) || length <= 0) {
            return void res.json({ ok: false, error: 'invalid_arguments' });
          }
          const fileId = `F0FAKE${randomBytes(4).toString('hex').toUpperCase()}`;
          uploads.set(fileId, { fileId, filename, length });
          return void res.json({ ok: true, upload_url: `${baseUrl}/upload/v1/${fileId}`, file_id: fileId });
        }
        case 'files.completeUploadExternal': {
          const list = JSON.parse(str('files') ?? '[]') as Array<{ id: string; title?: string }>;
          const done = [];
          for (const entry of list) {
            const upload = uploads.get(entry.id);
            if (!upload?.data) return void res.json({ ok: false, error: 'file_not_found' });
            upload.completed = {
              channel_id: str('channel_id'),
              thread_ts: str('thread_ts'),
              title: entry.title,
            };
            done.push({
              id: entry.id,
              title: entry.title ?? upload.filename,
              name: upload.filename,
              size: upload.data.length,
            });
          }
          return void res.json({ ok: true, files: done });
        }
        default:
          return void res.json({ ok: false, error: 'unknown_method' });
      }
    },
  );

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    apiBaseUrl: `${baseUrl}/api/`,
    baseUrl,
    botToken: FAKE_SLACK_BOT_TOKEN,
    signingSecret: FAKE_SLACK_SIGNING_SECRET,
    calls,
    posted,
    uploads,
    users,
    files,
    emailScope: true,
    rateLimitNext: (method, seconds) => void rateLimits.set(method, seconds),
    failNext: (method, error) => void failures.set(method, error),
    callsTo: (method) => calls.filter((call) => call.method === method),
    account(config = {}) {
      return {
        installationId: `fake-slack-${(server.address() as AddressInfo).port}`,
        credentials: { botToken: FAKE_SLACK_BOT_TOKEN, signingSecret: FAKE_SLACK_SIGNING_SECRET },
        config: { apiBaseUrl: `${baseUrl}/api/`, botUserId: FAKE_SLACK_BOT_USER, ...config },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
