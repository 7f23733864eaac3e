/**
 * A fake Viber REST Bot API on an ephemeral port, answering the way Viber
 * does: HTTP 200 with `{status, status_message}` (0 = ok) for every call,
 * `X-Viber-Auth-Token` required, `message_token` as a bare 64-bit JSON number
 * (beyond JavaScript's exact integers, as Viber's are), and `set_webhook`
 * calling the webhook with a signed `webhook` callback before it succeeds.
 * It also hosts files (for the HEAD size probe of `video`/`file` sends).
 * https://developers.viber.com/docs/api/rest-bot-api/
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { ConnectorAccount } from '../../../connectors/core/connector.ts';
import { signViberCallback } from './sign-viber-callback.ts';

/** One Bot API call as the fake received it. */
export interface RecordedViberCall {
  method: string;
  body: Record<string, unknown>;
  authToken: string | undefined;
}

export interface FakeViber {
  baseUrl: string;
  /** `<baseUrl>/pa`, the connector's `apiBaseUrl`. */
  apiBaseUrl: string;
  authToken: string;
  calls: RecordedViberCall[];
  /** Messages accepted by `send_message`, with the token the fake gave them (as a decimal string). */
  sent: Array<{ token: string; body: Record<string, unknown> }>;
  /** Files served (GET and HEAD) under `<baseUrl>/files/<name>`. */
  files: Map<string, { data: Buffer; contentType: string; hideLength?: boolean }>;
  /** The next call to `method` answers this Viber status (e.g. 6 receiverNotSubscribed, 12 tooManyRequests). */
  failNext(method: string, status: number, statusMessage: string): void;
  /** The next call to `method` answers HTTP 429 with this Retry-After (seconds). */
  throttleNext(method: string, retryAfterSeconds: number): void;
  callsTo(method: string): RecordedViberCall[];
  account(config?: Record<string, unknown>): ConnectorAccount;
  close(): Promise<void>;
}

export const FAKE_VIBER_AUTH_TOKEN = '4453b6ac12345678-FAKEe0f5a7d8c9b0-viber-auth-token';
export const FAKE_VIBER_SENDER_NAME = 'Omniloom Support';
const TEXT_LIMIT = 7000;

/** Starts the fake; call `close()` in an `after` hook. */
export async function startFakeViber(): Promise<FakeViber> {
  const calls: RecordedViberCall[] = [];
  const sent: FakeViber['sent'] = [];
  const files: FakeViber['files'] = new Map();
  const failures = new Map<string, { status: number; statusMessage: string }>();
  const throttles = new Map<string, number>();
  // Viber's tokens are 19-digit numbers; BigInt keeps them exact in the fake.
  let nextToken = 5741311803571730000n;
  let baseUrl = '';

  const app = express();
  const answer = (res: Response, json: string) => void res.status(200).type('application/json').send(json);
  const status = (code: number, message: string) =>
    JSON.stringify({ status: code, status_message: message, chat_hostname: 'SN-CHAT-FAKE_' });

  // Registered before GET, which would otherwise answer HEAD too.
  app.head('/files/:name', (req, res) => {
    const file = files.get(String(req.params.name));
    if (!file) return void res.status(404).end();
    res.status(200).type(file.contentType);
    if (!file.hideLength) res.setHeader('content-length', String(file.data.length));
    res.end();
  });

  app.get('/files/:name', (req, res) => {
    const file = files.get(String(req.params.name));
    if (!file) return void res.status(404).end();
    res.type(file.contentType).send(file.data);
  });

  app.post('/pa/:method', express.json(), async (req: Request, res: Response) => {
    const method = String(req.params.method);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const authToken = req.headers['x-viber-auth-token'] as string | undefined;
    calls.push({ method, body, authToken });
    const throttle = throttles.get(method);
    if (throttle !== undefined) {
      throttles.delete(method);
      return void res.status(429).set('Retry-After', String(throttle)).send('Too Many Requests');
    }
    if (!authToken) return answer(res, status(2, 'missing_auth_token'));
    if (authToken !== FAKE_VIBER_AUTH_TOKEN) return answer(res, status(2, 'invalidAuthToken'));
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return answer(res, status(failure.status, failure.statusMessage));
    }
    switch (method) {
      case 'send_message': {
        const sender = body.sender as { name?: unknown } | undefined;
        if (typeof body.receiver !== 'string' || !body.receiver) return answer(res, status(4, 'missingData'));
        if (!sender || typeof sender.name !== 'string' || !sender.name)
          return answer(res, status(4, 'missingData'));
        const type = body.type;
        if (type === 'text' && (typeof body.text !== 'string' || body.text.length > TEXT_LIMIT)) {
          return answer(res, status(3, 'badData'));
        }
        if ((type === 'video' || type === 'file') && typeof body.size !== 'number')
          return answer(res, status(3, 'badData'));
        if (
          !['text', 'picture', 'video', 'file', 'url', 'sticker', 'contact', 'location'].includes(
            String(type),
          )
        ) {
          return answer(res, status(3, 'badData'));
        }
        nextToken += 1n;
        sent.push({ token: nextToken.toString(), body });
        // A bare number literal on purpose: this is what Viber sends.
        return answer(
          res,
          `{"status":0,"status_message":"ok","message_token":${nextToken.toString()},"chat_hostname":"SN-CHAT-FAKE_"}`,
        );
      }
      case 'set_webhook': {
        const url = typeof body.url === 'string' ? body.url : '';
        if (url === '') return answer(res, status(0, 'ok'));
        const callback = `{"event":"webhook","timestamp":${Date.now()},"chat_hostname":"SN-CHAT-FAKE_","message_token":${(nextToken += 1n).toString()}}`;
        try {
          const check = await fetch(url, {
            method: 'POST',
            headers: signViberCallback(callback, FAKE_VIBER_AUTH_TOKEN),
            body: callback,
          });
          await check.body?.cancel();
          if (check.status !== 200) return answer(res, status(1, 'invalidUrl'));
        } catch {
          return answer(res, status(1, 'invalidUrl'));
        }
        const eventTypes = Array.isArray(body.event_types)
          ? body.event_types
          : ['delivered', 'seen', 'failed', 'subscribed', 'unsubscribed', 'conversation_started'];
        return answer(res, JSON.stringify({ status: 0, status_message: 'ok', event_types: eventTypes }));
      }
      case 'get_account_info':
        return answer(
          res,
          JSON.stringify({
            status: 0,
            status_message: 'ok',
            id: 'pa:FAKE_bot',
            name: FAKE_VIBER_SENDER_NAME,
            uri: 'omniloomsupport',
          }),
        );
      default:
        return answer(res, status(3, 'badData'));
    }
  });

  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    apiBaseUrl: `${baseUrl}/pa`,
    authToken: FAKE_VIBER_AUTH_TOKEN,
    calls,
    sent,
    files,
    failNext: (method, code, statusMessage) => void failures.set(method, { status: code, statusMessage }),
    throttleNext: (method, seconds) => void throttles.set(method, seconds),
    callsTo: (method) => calls.filter((call) => call.method === method),
    account(config = {}) {
      return {
        installationId: `fake-viber-${(server.address() as AddressInfo).port}`,
        credentials: { authToken: FAKE_VIBER_AUTH_TOKEN },
        config: { apiBaseUrl: `${baseUrl}/pa`, senderName: FAKE_VIBER_SENDER_NAME, ...config },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
