import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import type { SuggestionRecord, Store } from '../../plugin/store/store.ts';
import {
  regenerateSuggestion,
  rejectSuggestion,
  sendSuggestion,
  type RegenerateSuggestion,
  type SuggestionActionDeps,
} from '../panel/act-on-suggestion.ts';
import { loadSuggestionCards } from '../panel/load-suggestion-cards.ts';
import { loadVerifiedConversation, positiveId } from '../panel/load-verified-conversation.ts';
import { presentCustomer } from '../panel/present-customer.ts';
import { presentSuggestion } from '../panel/present-suggestion.ts';
import { findCustomerMessages } from '../panel/find-customer-messages.ts';
import { issueDashboardSession, SESSION_TTL_MS } from '../session/dashboard-session.ts';
import type { PanelRenderer } from '../views/render-panel.ts';
import { PANEL_ACTOR } from './authorize-identity-request.ts';
import { panelLocals, requireDashboardSession } from './require-dashboard-session.ts';
import { originOf, setPanelSecurityHeaders } from './set-panel-security-headers.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const SOCKET_IO_CLIENT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')),
  'dist',
);

export interface DashboardRouterDeps {
  store: Store;
  directory: InstallationDirectory;
  logger: Logger;
  sessionKey: Uint8Array;
  /** Base URL browsers reach Omniloom at (the panel's URL is `<publicUrl>/dashboard/<installationId>`). */
  publicUrl: string;
  now: () => Date;
  renderer: PanelRenderer;
  sessionTtlMs?: number;
  regenerate?: RegenerateSuggestion;
  notify?: SuggestionActionDeps['notify'];
}

/**
 * The panel's HTTP side:
 *
 * - `GET /dashboard/assets/*` — panel.js, panel.css, icons.svg and the socket.io browser client (from node_modules).
 * - `GET /dashboard/:installationId` — the page Chatwoot frames, with a fresh session in a data attribute.
 * - `POST /dashboard/:installationId/api/session` — renews the session.
 * - `GET  …/api/conversations/:conversationId` — suggestions + customer HTML fragments (`?part=suggestions|customer`).
 * - `POST …/api/conversations/:conversationId/suggestions/:suggestionId/accept|edit|reject`, `…/suggestions/regenerate`.
 *
 * Every API route needs the session header and fetches the conversation from
 * Chatwoot with the installation's client before reading or acting on it.
 */
export function createDashboardRouter(deps: DashboardRouterDeps): Router {
  const router = Router();
  const basePath = new URL(deps.publicUrl).pathname.replace(/\/+$/, '');
  const assets = `${basePath}/dashboard/assets`;
  const session = requireDashboardSession(deps);
  const actionDeps = (): SuggestionActionDeps => ({
    store: deps.store,
    logger: deps.logger,
    now: deps.now,
    actor: PANEL_ACTOR,
    ...(deps.notify ? { notify: deps.notify } : {}),
  });

  router.use(
    '/dashboard/assets/vendor',
    express.static(SOCKET_IO_CLIENT_DIR, { index: false, fallthrough: false, maxAge: '1d' }),
  );
  router.use(
    '/dashboard/assets',
    express.static(PUBLIC_DIR, { index: false, fallthrough: false, maxAge: '1h' }),
  );

  router.get('/dashboard/:installationId', async (req, res) => {
    const installationId = String(req.params.installationId);
    const installation = await deps.directory.get(installationId);
    if (!installation) {
      const record = await deps.store.installations.get(installationId);
      const chatwootOrigin = record ? originOf(record.chatwootUrl) : undefined;
      setPanelSecurityHeaders(req, res, {
        publicUrl: deps.publicUrl,
        ...(chatwootOrigin ? { chatwootOrigin } : {}),
      });
      res
        .status(404)
        .type('html')
        .send(
          deps.renderer.page({
            assets,
            unavailable: 'This Omniloom installation does not exist or was uninstalled.',
          }),
        );
      return;
    }
    const chatwootOrigin = originOf(installation.record.chatwootUrl);
    setPanelSecurityHeaders(req, res, {
      publicUrl: deps.publicUrl,
      ...(chatwootOrigin ? { chatwootOrigin } : {}),
    });
    // Browsers say what loads the page; outside a frame there is no conversation context to follow.
    const destination = req.headers['sec-fetch-dest'];
    if (destination !== undefined && destination !== 'iframe' && destination !== 'frame') {
      res.type('html').send(
        deps.renderer.page({
          assets,
          unavailable: 'Open a conversation in Chatwoot to use the Omniloom panel.',
        }),
      );
      return;
    }
    const issued = await issueDashboardSession(deps.sessionKey, {
      installationId,
      now: deps.now(),
      ttlMs: deps.sessionTtlMs ?? SESSION_TTL_MS,
    });
    res.type('html').send(
      deps.renderer.page({
        assets,
        session: { token: issued.token, expiresAt: issued.expiresAt.toISOString() },
        installationId,
        accountId: installation.record.accountId,
        chatwootOrigin,
        apiBase: `${basePath}/dashboard/${encodeURIComponent(installationId)}/api`,
        socketPath: `${basePath}/socket.io`,
      }),
    );
  });

  const api = '/dashboard/:installationId/api';

  router.post(`${api}/session`, session, async (_req, res) => {
    const { dashboardSession } = panelLocals(res);
    const issued = await issueDashboardSession(deps.sessionKey, {
      installationId: dashboardSession.installationId,
      now: deps.now(),
      since: dashboardSession.since,
      ttlMs: deps.sessionTtlMs ?? SESSION_TTL_MS,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ token: issued.token, expiresAt: issued.expiresAt.toISOString() });
  });

  const conversationOf = async (req: Request, res: Response) => {
    const conversationId = positiveId(req.params.conversationId, 'conversationId');
    return loadVerifiedConversation(panelLocals(res).installation, conversationId);
  };

  router.get(`${api}/conversations/:conversationId`, session, async (req, res) => {
    const { installation } = panelLocals(res);
    const conversation = await conversationOf(req, res);
    const part = typeof req.query.part === 'string' ? req.query.part : 'all';
    const [cards, customer] = await Promise.all([
      part === 'customer' ? undefined : loadSuggestionCards(deps.store, installation, conversation.id),
      part === 'suggestions' ? undefined : presentCustomer(deps.store, installation, conversation),
    ]);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      conversation: { id: conversation.id, status: conversation.status, inboxId: conversation.inbox_id },
      contactId: customer?.contactId ?? conversation.meta.sender.id,
      ...(cards ? { suggestionsHtml: deps.renderer.suggestionList(cards, assets) } : {}),
      ...(customer ? { customerHtml: deps.renderer.customer(customer, assets) } : {}),
    });
  });

  const answerWithCard = async (
    res: Response,
    suggestion: SuggestionRecord,
    extra: Record<string, unknown> = {},
  ) => {
    const { installation } = panelLocals(res);
    const questions = await findCustomerMessages(
      installation,
      suggestion.conversationId,
      [suggestion.chatwootMessageId],
      1,
    );
    const card = presentSuggestion(suggestion, questions.get(suggestion.chatwootMessageId));
    res.json({
      suggestion: { id: suggestion.id, status: suggestion.status },
      cardHtml: deps.renderer.suggestionCard(card, assets),
      ...extra,
    });
  };

  const suggestionPath = `${api}/conversations/:conversationId/suggestions/:suggestionId`;

  router.post(`${suggestionPath}/accept`, session, async (req, res) => {
    const conversation = await conversationOf(req, res);
    const result = await sendSuggestion(actionDeps(), panelLocals(res).installation, conversation, {
      suggestionId: String(req.params.suggestionId),
    });
    await answerWithCard(res, result.suggestion, { messageId: result.messageId });
  });

  router.post(`${suggestionPath}/edit`, session, async (req, res) => {
    const conversation = await conversationOf(req, res);
    const body = (req.body ?? {}) as { text?: unknown };
    const result = await sendSuggestion(actionDeps(), panelLocals(res).installation, conversation, {
      suggestionId: String(req.params.suggestionId),
      text: body.text ?? '',
    });
    await answerWithCard(res, result.suggestion, { messageId: result.messageId });
  });

  router.post(`${suggestionPath}/reject`, session, async (req, res) => {
    const conversation = await conversationOf(req, res);
    const body = (req.body ?? {}) as { reason?: unknown; note?: unknown };
    const result = await rejectSuggestion(actionDeps(), panelLocals(res).installation, conversation, {
      suggestionId: String(req.params.suggestionId),
      reason: body.reason,
      note: body.note,
    });
    await answerWithCard(res, result.suggestion);
  });

  router.post(`${api}/conversations/:conversationId/suggestions/regenerate`, session, async (req, res) => {
    const { installation } = panelLocals(res);
    const conversation = await conversationOf(req, res);
    const result = await regenerateSuggestion(
      { ...actionDeps(), ...(deps.regenerate ? { regenerate: deps.regenerate } : {}) },
      installation,
      conversation,
    );
    const cards = await loadSuggestionCards(deps.store, installation, conversation.id);
    res.json({
      suggestion: result.suggestion ? { id: result.suggestion.id, status: result.suggestion.status } : null,
      suggestionsHtml: deps.renderer.suggestionList(cards, assets),
    });
  });

  return router;
}
