import type { RequestHandler } from 'express';
import { followMergedContact } from '../../plugin/identity/index.ts';
import type { Store } from '../../plugin/store/store.ts';
import { loadVerifiedContact } from '../panel/load-verified-contact.ts';
import { loadVerifiedConversation, positiveId } from '../panel/load-verified-conversation.ts';
import {
  admitDashboardSession,
  presentsDashboardSession,
  type SessionCheckDeps,
} from './require-dashboard-session.ts';

/** The audit actor of everything done from the panel: the agent's identity in the panel's context is only a claim. */
export const PANEL_ACTOR = 'dashboard';

/**
 * The `authorize` middleware of the identity API (`/api/installations/:id/contacts/:contactId/…`):
 * a request with a panel session header must carry a valid session of installation `:id`, and
 * the contact (after following merges) — and, for an accept, the conversation named in the
 * body — must be in the installation's Chatwoot account; the audit actor is then
 * {@link PANEL_ACTOR}. Every other request goes through `adminOnly` unchanged.
 */
export function authorizeIdentityRequest(
  deps: SessionCheckDeps & { store: Pick<Store, 'kv'> },
  adminOnly: RequestHandler,
): RequestHandler {
  return async (req, res, next) => {
    if (!presentsDashboardSession(req)) return adminOnly(req, res, next);
    const { installation } = await admitDashboardSession(deps, req, res, 'id');
    const contactId = positiveId(req.params.contactId, 'contactId');
    const current = await followMergedContact(deps.store.kv, installation.record.id, contactId);
    await loadVerifiedContact(installation, current);
    const conversationId = (req.body as { conversationId?: unknown } | undefined)?.conversationId;
    if (req.method === 'POST' && conversationId !== undefined && conversationId !== null) {
      await loadVerifiedConversation(installation, positiveId(conversationId, 'conversationId'));
    }
    res.locals.actor = PANEL_ACTOR;
    next();
  };
}
