import type { Logger } from 'pino';
import type { Server as SocketServer, Socket } from 'socket.io';
import { describeError } from '../../plugin/http/error-handler.ts';
import type { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { loadVerifiedConversation, positiveId } from '../panel/load-verified-conversation.ts';
import {
  describeSessionFailure,
  verifyDashboardSession,
  type DashboardSession,
} from '../session/dashboard-session.ts';
import { conversationRoom } from './suggestion-room.ts';

export interface DashboardSocketDeps {
  directory: InstallationDirectory;
  sessionKey: Uint8Array;
  logger: Logger;
  now: () => Date;
}

type Ack = (answer: { ok: true } | { ok: false; error: { code: string; message: string } }) => void;

/** Events the panel sends. */
export const PANEL_REQUESTS = {
  /** `{ conversationId }` → joins that conversation's room once Chatwoot confirms it is in the account. */
  watch: 'dashboard:watch',
  /** `{ session }` → the renewed session token, so the socket outlives the first one. */
  renew: 'dashboard:session',
} as const;

function isAck(value: unknown): value is Ack {
  return typeof value === 'function';
}

/**
 * Panel sockets: a socket presenting `auth: { dashboardSession, installationId }`
 * in its handshake is a panel. Its session is verified at connection and on
 * every request; it joins a conversation's room only after Chatwoot confirms
 * the conversation is in the installation's account, leaves the previous one
 * when the agent moves on, and is disconnected when its session runs out
 * without renewal. Sockets without a panel session are left to other features.
 */
export function attachDashboardSockets(io: SocketServer, deps: DashboardSocketDeps): void {
  io.on('connection', (socket: Socket) => {
    const auth = (socket.handshake.auth ?? {}) as { dashboardSession?: unknown; installationId?: unknown };
    if (auth.dashboardSession === undefined) return;
    void handlePanelSocket(socket, auth, deps);
  });
}

async function handlePanelSocket(
  socket: Socket,
  auth: { dashboardSession?: unknown; installationId?: unknown },
  deps: DashboardSocketDeps,
): Promise<void> {
  const installationId = typeof auth.installationId === 'string' ? auth.installationId : '';
  let session: DashboardSession | undefined;
  let expiry: NodeJS.Timeout | undefined;
  let room: string | undefined;
  // Only the latest watch request may move the socket: an agent clicking through conversations fires several.
  let latestWatch = 0;

  const refuse = (message: string) => {
    socket.emit('dashboard:error', { code: 'unauthorized', message });
    socket.disconnect(true);
  };
  const adopt = async (token: unknown): Promise<string | undefined> => {
    const check = await verifyDashboardSession(deps.sessionKey, token, { installationId, now: deps.now() });
    if (!check.ok) return describeSessionFailure(check.reason);
    session = check.session;
    clearTimeout(expiry);
    expiry = setTimeout(
      () => refuse(describeSessionFailure('expired')),
      Math.max(0, session.expiresAt.getTime() - deps.now().getTime()),
    );
    expiry.unref();
    return undefined;
  };
  socket.on('disconnect', () => clearTimeout(expiry));

  // Listeners first: the panel may send its first request while the handshake session is still being checked.
  const ready = adopt(auth.dashboardSession);

  socket.on(PANEL_REQUESTS.renew, async (payload: unknown, ack: unknown) => {
    await ready;
    const problem = await adopt((payload as { session?: unknown } | null)?.session);
    if (problem) return refuse(problem);
    if (isAck(ack)) ack({ ok: true });
  });

  socket.on(PANEL_REQUESTS.watch, async (payload: unknown, ack: unknown) => {
    const reply: Ack = isAck(ack) ? ack : () => undefined;
    const mine = ++latestWatch;
    await ready;
    if (!session || session.expiresAt.getTime() <= deps.now().getTime())
      return refuse(describeSessionFailure('expired'));
    try {
      const conversationId = positiveId(
        (payload as { conversationId?: unknown } | null)?.conversationId,
        'conversationId',
      );
      const installation = await deps.directory.get(installationId);
      if (!installation) return refuse('This Omniloom installation no longer exists.');
      await loadVerifiedConversation(installation, conversationId);
      if (mine !== latestWatch) {
        return reply({
          ok: false,
          error: { code: 'conflict', message: 'Another conversation was opened meanwhile.' },
        });
      }
      const next = conversationRoom(installationId, conversationId);
      if (room && room !== next) await socket.leave(room);
      room = next;
      await socket.join(next);
      reply({ ok: true });
    } catch (error) {
      const { status, body } = describeError(error);
      if (status >= 500)
        deps.logger.error({ err: error, installationId }, 'dashboard panel could not watch a conversation');
      reply({ ok: false, error: { code: body.error.code, message: body.error.message } });
    }
  });

  const problem = await ready;
  if (problem) refuse(problem);
}
