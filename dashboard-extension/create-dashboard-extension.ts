import type { RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import type { InstallationDirectory } from '../plugin/install/installation-directory.ts';
import type { SecretBox } from '../plugin/security/secret-box.ts';
import type { SuggestionRecord, Store } from '../plugin/store/store.ts';
import { authorizeIdentityRequest } from './http/authorize-identity-request.ts';
import { createDashboardRouter } from './http/create-dashboard-router.ts';
import type { RegenerateSuggestion } from './panel/act-on-suggestion.ts';
import { attachDashboardSockets } from './realtime/attach-dashboard-sockets.ts';
import { conversationRoom, PANEL_EVENTS } from './realtime/suggestion-room.ts';
import { SESSION_KEY_PURPOSE } from './session/dashboard-session.ts';
import { createPanelRenderer } from './views/render-panel.ts';

export interface DashboardExtensionDeps {
  store: Store;
  directory: InstallationDirectory;
  secrets: SecretBox;
  logger: Logger;
  /** Base URL browsers reach Omniloom at (`OMNILOOM_PUBLIC_URL`). */
  publicUrl: string;
  now?: () => Date;
  /** socket.io server of this process; without it the panel works without live updates. */
  io?: SocketServer;
  /** The AI agent's "suggest again"; without it the panel answers 503 to regenerate. */
  regenerate?: RegenerateSuggestion;
  /** Session lifetime (default 15 minutes). */
  sessionTtlMs?: number;
}

export interface DashboardExtension {
  /** Routes under `/dashboard` (mount after the JSON body parser). */
  router: Router;
  /** The identity API's `authorize`: a panel session of the installation, or `adminOnly`. */
  authorizeIdentity(adminOnly: RequestHandler): RequestHandler;
}

/**
 * The dashboard app Chatwoot frames beside each conversation: suggested
 * replies with their sources and the customer across channels. Wires the
 * routes, the panel sockets and the identity API's session check.
 */
export function createDashboardExtension(deps: DashboardExtensionDeps): DashboardExtension {
  const now = deps.now ?? (() => new Date());
  const sessionKey = deps.secrets.deriveKey(SESSION_KEY_PURPOSE);
  const logger = deps.logger.child({ component: 'dashboard-extension' });
  const io = deps.io;
  if (io) attachDashboardSockets(io, { directory: deps.directory, sessionKey, logger, now });
  const notify = io
    ? (installationId: string, conversationId: number, suggestion: SuggestionRecord) => {
        io.to(conversationRoom(installationId, conversationId)).emit(PANEL_EVENTS.suggestionUpdated, {
          id: suggestion.id,
          conversationId,
          status: suggestion.status,
        });
      }
    : undefined;
  return {
    router: createDashboardRouter({
      store: deps.store,
      directory: deps.directory,
      logger,
      sessionKey,
      publicUrl: deps.publicUrl,
      now,
      renderer: createPanelRenderer(),
      ...(deps.sessionTtlMs ? { sessionTtlMs: deps.sessionTtlMs } : {}),
      ...(deps.regenerate ? { regenerate: deps.regenerate } : {}),
      ...(notify ? { notify } : {}),
    }),
    authorizeIdentity: (adminOnly) =>
      authorizeIdentityRequest({ directory: deps.directory, sessionKey, now, store: deps.store }, adminOnly),
  };
}
