/**
 * A fake Discord REST API (v10) for the routes Omniloom calls, answering with
 * Discord's real status codes, JSON error codes and rate-limit headers.
 * https://discord.com/developers/docs/reference
 */
import express, { type Request, type Response } from 'express';
import { type FakeDiscordState, type RecordedDiscordRequest, nextSnowflake } from './fake-discord-state.ts';

export interface FakeDiscordRestOptions {
  botToken: string;
  botUser: { id: string; username: string };
  /** ws:// URL returned by GET /gateway/bot. */
  gatewayUrl: () => string;
}

function discordError(res: Response, status: number, code: number, message: string, extra: object = {}) {
  res.status(status).json({ message, code, ...extra });
}

async function readBody(req: Request): Promise<Pick<RecordedDiscordRequest, 'body' | 'files'>> {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const type = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith('multipart/form-data')) {
    const form = await new globalThis.Request('http://fake.invalid/', {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(raw),
    }).formData();
    let body: Record<string, unknown> | undefined;
    const files: RecordedDiscordRequest['files'] = [];
    const entries: Array<[string, FormDataEntryValue]> = [];
    form.forEach((value, field) => entries.push([field, value]));
    for (const [field, value] of entries) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as Record<string, unknown>;
      } else {
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ field, name: value.name, contentType: value.type, size: data.length, data });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
}

/** Builds the express app serving `/api/v10/...`. */
export function createFakeDiscordRest(
  state: FakeDiscordState,
  options: FakeDiscordRestOptions,
): express.Express {
  const app = express();
  const api = express.Router();
  app.use(express.raw({ type: () => true, limit: '30mb' }));

  app.get('/cdn/:name', (req, res) => {
    const file = state.cdn.get(req.params.name);
    if (!file) return void res.status(404).send('Not Found');
    res.type(file.contentType).send(file.data);
  });

  // Record everything, then enforce auth and pending rate limits like Discord does.
  app.use('/api/v10', async (req, res, next) => {
    let parsed: Pick<RecordedDiscordRequest, 'body' | 'files'>;
    try {
      parsed = await readBody(req);
    } catch {
      discordError(res, 400, 50109, 'The request body contains invalid JSON.');
      return;
    }
    state.requests.push({
      method: req.method,
      path: decodeURIComponent(`/api/v10${req.path}`),
      authorization: req.headers.authorization,
      ...parsed,
    });
    res.locals.body = parsed.body ?? {};
    res.locals.files = parsed.files;
    const isWebhook = req.path.startsWith('/webhooks/');
    if (!isWebhook && req.headers.authorization !== `Bot ${options.botToken}`) {
      discordError(res, 401, 0, '401: Unauthorized');
      return;
    }
    const retryAfter = state.rateLimits.shift();
    if (retryAfter !== undefined) {
      res.set({
        'Retry-After': String(retryAfter),
        'X-RateLimit-Limit': '5',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset-After': String(retryAfter),
        'X-RateLimit-Bucket': 'fakebucket',
        'X-RateLimit-Scope': 'user',
      });
      res
        .status(429)
        .json({ message: 'You are being rate limited.', retry_after: retryAfter, global: false });
      return;
    }
    const outage = state.outages.find(
      (candidate) =>
        candidate.remaining > 0 && candidate.method === req.method && candidate.path.test(req.path),
    );
    if (outage) {
      outage.remaining -= 1;
      discordError(res, 503, 0, '503: Service Unavailable');
      return;
    }
    next();
  });

  api.get('/gateway/bot', (_req, res) => {
    res.json({
      url: options.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    });
  });
  api.get('/gateway', (_req, res) => {
    res.json({ url: options.gatewayUrl() });
  });
  api.get('/users/@me', (_req, res) => {
    res.json({ ...options.botUser, discriminator: '0', global_name: null, avatar: null, bot: true });
  });

  api.post('/channels/:channelId/messages', (req, res) => {
    const channel = state.channels.get(req.params.channelId);
    if (!channel) return discordError(res, 404, 10003, 'Unknown Channel');
    const body = res.locals.body as Record<string, unknown>;
    const files = res.locals.files as RecordedDiscordRequest['files'];
    const content = typeof body.content === 'string' ? body.content : '';
    if (content.length > 2000) {
      return discordError(res, 400, 50035, 'Invalid Form Body', {
        errors: {
          content: {
            _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
          },
        },
      });
    }
    if (content === '' && files.length === 0)
      return discordError(res, 400, 50006, 'Cannot send an empty message');
    const message = {
      id: nextSnowflake(),
      channel_id: channel.id,
      content,
      attachments: files.map((file) => ({
        id: nextSnowflake(),
        filename: file.name,
        size: file.size,
        content_type: file.contentType,
      })),
      message_reference: body.message_reference,
      allowed_mentions: body.allowed_mentions,
    };
    state.messages.push(message);
    res.json({
      ...message,
      type: body.message_reference ? 19 : 0,
      author: { ...options.botUser, bot: true, discriminator: '0' },
      timestamp: new Date().toISOString(),
      embeds: [],
      mentions: [],
    });
  });

  // Start a thread from a message: the thread takes the message's id.
  api.post('/channels/:channelId/messages/:messageId/threads', (req, res) => {
    const parent = state.channels.get(req.params.channelId);
    if (!parent) return discordError(res, 404, 10003, 'Unknown Channel');
    if (state.channels.has(req.params.messageId)) {
      return discordError(res, 400, 160004, 'A thread has already been created for this message');
    }
    const thread = state.addChannel(req.params.messageId, 11, parent.id);
    thread.name = String((res.locals.body as { name?: unknown }).name ?? '');
    res.status(201).json({ id: thread.id, type: 11, parent_id: parent.id, name: thread.name });
  });

  api.post('/channels/:channelId/threads', (req, res) => {
    const parent = state.channels.get(req.params.channelId);
    if (!parent) return discordError(res, 404, 10003, 'Unknown Channel');
    const body = res.locals.body as { name?: unknown; type?: unknown };
    const type = body.type === 12 ? 12 : 11;
    const thread = state.addChannel(nextSnowflake(), type, parent.id);
    thread.name = String(body.name ?? '');
    res.status(201).json({ id: thread.id, type, parent_id: parent.id, name: thread.name });
  });

  api.put('/channels/:channelId/thread-members/:userId', (req, res) => {
    const thread = state.channels.get(req.params.channelId);
    if (!thread || (thread.type !== 11 && thread.type !== 12))
      return discordError(res, 404, 10003, 'Unknown Channel');
    thread.members.add(req.params.userId);
    res.status(204).end();
  });

  api.post('/channels/:channelId/typing', (req, res) => {
    if (!state.channels.has(req.params.channelId)) return discordError(res, 404, 10003, 'Unknown Channel');
    res.status(204).end();
  });

  api.patch('/webhooks/:applicationId/:token/messages/:messageId', (req, res) => {
    const body = res.locals.body as { content?: unknown };
    res.json({ id: nextSnowflake(), content: body.content ?? '', webhook_id: req.params.applicationId });
  });

  api.use((_req, res) => discordError(res, 404, 0, '404: Not Found'));
  app.use('/api/v10', api);
  return app;
}
