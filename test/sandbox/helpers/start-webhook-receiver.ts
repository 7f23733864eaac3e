import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: Record<string, unknown>;
}

/** A real HTTP endpoint standing in for Omniloom's webhook endpoints. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedPost[];
  /** Answer this status on a path (default 200). */
  respondWith(path: string, status: number, delayMs?: number): void;
  /** Posts to one path, in arrival order. */
  postsTo(path: string): ReceivedPost[];
  close(): Promise<void>;
}

/** Start a receiver on an ephemeral port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const behaviour = new Map<string, { status: number; delayMs: number }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      received.push({
        path,
        headers: req.headers,
        rawBody,
        body: rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : {},
      });
      const { status, delayMs } = behaviour.get(path) ?? { status: 200, delayMs: 0 };
      setTimeout(() => {
        res.statusCode = status;
        res.end('{}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respondWith: (path, status, delayMs = 0) => behaviour.set(path, { status, delayMs }),
    postsTo: (path) => received.filter((post) => post.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
