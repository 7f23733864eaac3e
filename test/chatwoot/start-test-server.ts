/**
 * A scripted HTTP server standing in for Chatwoot in the client tests: each
 * route answers from a list of handlers (the n-th request gets the n-th
 * handler, the last one repeats) and every request is recorded.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Parsed body when it was JSON. */
  json: unknown;
  /** Arrival time (ms since epoch). */
  at: number;
}

export type Handler = (
  request: RecordedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Registers handlers for `METHOD /path` (exact path, no query). */
  route(method: string, path: string, ...handlers: Handler[]): void;
  /** Requests that hit `METHOD /path`. */
  hits(method: string, path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Replies with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

/** A handler answering with a fixed JSON body. */
export function reply(status: number, body?: unknown, headers?: Record<string, string>): Handler {
  return (_request, res) => sendJson(res, status, body, headers);
}

/** A handler that kills the connection without answering (a dropped connection). */
export const dropConnection: Handler = (_request, _res, raw) => {
  raw.socket.destroy();
};

/** A handler that never answers (the client's timeout has to fire). */
export const hang: Handler = () => {};

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, { handlers: Handler[]; calls: number }>();
  const requests: RecordedRequest[] = [];

  const server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const url = new URL(raw.url ?? '/', 'http://localhost');
      const body = Buffer.concat(chunks);
      let json: unknown;
      if ((raw.headers['content-type'] ?? '').includes('json') && body.length > 0)
        json = JSON.parse(body.toString('utf8'));
      const recorded: RecordedRequest = {
        method: raw.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: raw.headers,
        body,
        json,
        at: Date.now(),
      };
      requests.push(recorded);
      const route = routes.get(`${recorded.method} ${recorded.path}`);
      if (!route) return sendJson(res, 404, { error: `no route for ${recorded.method} ${recorded.path}` });
      const handler = route.handlers[Math.min(route.calls, route.handlers.length - 1)];
      route.calls += 1;
      Promise.resolve(handler?.(recorded, res, raw)).catch((error: unknown) => {
        sendJson(res, 500, { error: String(error) });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, path, ...handlers) {
      routes.set(`${method} ${path}`, { handlers, calls: 0 });
    },
    hits(method, path) {
      return requests.filter((request) => request.method === method && request.path === path);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
