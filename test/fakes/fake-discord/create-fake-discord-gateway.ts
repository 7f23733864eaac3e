/**
 * A fake Discord gateway speaking the real protocol over `ws`: HELLO (op 10)
 * → IDENTIFY (op 2) → READY with `session_id` and `resume_gateway_url`,
 * HEARTBEAT (op 1) → ACK (op 11), RESUME (op 6) → replay of the missed
 * dispatches then RESUMED, INVALID_SESSION (op 9) for unknown sessions.
 * Only `encoding=json` without transport compression is offered, which is
 * what `@discordjs/ws` asks for by default (`?v=10&encoding=json`).
 * https://discord.com/developers/docs/events/gateway
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

interface Dispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface GatewaySession {
  id: string;
  sequence: number;
  intents: number;
  /** Every dispatch sent in this session, for replay on RESUME. */
  log: Dispatch[];
  socket?: WebSocket;
}

/** One frame the fake received from a client. */
export interface ReceivedGatewayFrame {
  op: number;
  d: unknown;
}

export interface FakeDiscordGatewayOptions {
  botToken: string;
  botUser: { id: string; username: string };
  applicationId: string;
  heartbeatIntervalMs: number;
}

export class FakeDiscordGateway {
  readonly received: ReceivedGatewayFrame[] = [];
  /** Query strings clients connected with (`v`, `encoding`, `compress`). */
  readonly connectQueries: URLSearchParams[] = [];
  readonly sessions = new Map<string, GatewaySession>();
  private readonly server: WebSocketServer;
  private readonly options: FakeDiscordGatewayOptions;
  private readonly urlOf: () => string;

  constructor(httpServer: Server, path: string, urlOf: () => string, options: FakeDiscordGatewayOptions) {
    this.options = options;
    this.urlOf = urlOf;
    this.server = new WebSocketServer({ server: httpServer, path });
    this.server.on('connection', (socket, request) => this.accept(socket, request.url ?? ''));
  }

  private accept(socket: WebSocket, url: string): void {
    const query = new URL(url, 'ws://fake.invalid').searchParams;
    this.connectQueries.push(query);
    if (query.get('encoding') !== 'json' || query.has('compress')) {
      // The real gateway would serve etf/zlib-stream; the fake deliberately does not.
      socket.close(4002, 'fake gateway only speaks encoding=json without compression');
      return;
    }
    socket.send(
      JSON.stringify({
        op: 10,
        d: { heartbeat_interval: this.options.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
    socket.on('message', (data) => this.receive(socket, data.toString()));
    socket.on('close', () => {
      for (const session of this.sessions.values()) if (session.socket === socket) session.socket = undefined;
    });
  }

  private receive(socket: WebSocket, text: string): void {
    let frame: ReceivedGatewayFrame;
    try {
      frame = JSON.parse(text) as ReceivedGatewayFrame;
    } catch {
      socket.close(4002, 'Decode error');
      return;
    }
    this.received.push(frame);
    switch (frame.op) {
      case 1:
        socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return;
      case 2:
        this.identify(socket, frame.d as { token?: string; intents?: number });
        return;
      case 6:
        this.resume(socket, frame.d as { token?: string; session_id?: string; seq?: number | null });
        return;
      default:
        socket.close(4001, 'Unknown opcode');
    }
  }

  private identify(socket: WebSocket, d: { token?: string; intents?: number }): void {
    if (d.token !== this.options.botToken) {
      socket.close(4004, 'Authentication failed');
      return;
    }
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'),
      sequence: 0,
      intents: d.intents ?? 0,
      log: [],
      socket,
    };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', {
      v: 10,
      user: { ...this.options.botUser, bot: true, discriminator: '0', avatar: null, global_name: null },
      guilds: [],
      session_id: session.id,
      resume_gateway_url: this.urlOf(),
      shard: [0, 1],
      application: { id: this.options.applicationId, flags: 0 },
    });
  }

  private resume(socket: WebSocket, d: { token?: string; session_id?: string; seq?: number | null }): void {
    const session = d.session_id ? this.sessions.get(d.session_id) : undefined;
    if (d.token !== this.options.botToken || !session) {
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return;
    }
    session.socket = socket;
    for (const dispatch of session.log) {
      if (dispatch.s > (d.seq ?? 0)) socket.send(JSON.stringify(dispatch));
    }
    this.send(session, 'RESUMED', {});
  }

  private send(session: GatewaySession, t: string, d: unknown): void {
    session.sequence += 1;
    const dispatch: Dispatch = { op: 0, t, s: session.sequence, d };
    session.log.push(dispatch);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(dispatch));
  }

  /** Sends a dispatch to every session; sessions whose socket is down get it on RESUME. */
  dispatch(t: string, d: unknown): void {
    for (const session of this.sessions.values()) this.send(session, t, d);
  }

  /** Kills every client socket without a close frame, as a network failure would. */
  dropConnections(): void {
    for (const client of this.server.clients) client.terminate();
  }

  /** Number of sockets currently open. */
  get connectedClients(): number {
    return this.server.clients.size;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Attaches a fake gateway to `httpServer` at `path`. */
export function createFakeDiscordGateway(
  httpServer: Server,
  path: string,
  urlOf: () => string,
  options: FakeDiscordGatewayOptions,
): FakeDiscordGateway {
  return new FakeDiscordGateway(httpServer, path, urlOf, options);
}
