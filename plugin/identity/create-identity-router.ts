import { Router, type Request, type RequestHandler, type Response } from 'express';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { InstallationContext, InstallationDirectory } from '../install/installation-directory.ts';
import { loadCustomerHistory } from './load-customer-history.ts';
import type { IdentityDeps } from './merge-contact-pair.ts';
import { presentContactIdentity } from './present-contact-identity.ts';
import { acceptMergeSuggestion, dismissMergeSuggestion } from './resolve-merge-suggestion.ts';

export interface IdentityRouterDeps extends IdentityDeps {
  directory: InstallationDirectory;
  /**
   * Admits the caller before every route: the admin check today; a middleware
   * accepting an admin OR a dashboard-extension session of this installation
   * (`req.params.id`) later.
   */
  authorize: RequestHandler;
  /**
   * Who is acting, for the audit log. Default: `res.locals.actor` when the
   * authorize middleware set one (`agent:<id>`), otherwise `admin`.
   */
  actorOf?: (req: Request, res: Response) => string;
}

const BASE = '/api/installations/:id/contacts/:contactId';

function defaultActor(_req: Request, res: Response): string {
  const actor = (res.locals as { actor?: unknown }).actor;
  return typeof actor === 'string' && actor !== '' ? actor : 'admin';
}

function positiveInt(value: unknown, name: string): number {
  const text = String(value ?? '');
  if (!/^\d{1,12}$/.test(text) || Number(text) <= 0)
    throw new BadRequestError(`${name} must be a positive integer.`);
  return Number(text);
}

function optionalPositiveInt(value: unknown, name: string): number | undefined {
  return value === undefined || value === null || value === '' ? undefined : positiveInt(value, name);
}

/**
 * The identity API for the dashboard extension and admins:
 *
 * - `GET  …/contacts/:contactId/identity` → `{ contactId, identifiers: [{type, value, verified, source}],
 *   suggestions: [{id, otherContactId, identifier, reason, conflict}] }`
 * - `POST …/contacts/:contactId/identity/suggestions/:suggestionId/accept` (body `{ conversationId? }`) → merges
 * - `POST …/contacts/:contactId/identity/suggestions/:suggestionId/dismiss` → remembered, never suggested again
 * - `GET  …/contacts/:contactId/history?maxMessages=&maxChars=&excludeConversationId=` → the shared history
 *
 * `contactId` is the Chatwoot contact id; a merged-away id is answered for the contact it was merged into.
 */
export function createIdentityRouter(deps: IdentityRouterDeps): Router {
  const router = Router();
  const actorOf = deps.actorOf ?? defaultActor;

  const installationOf = async (req: Request): Promise<InstallationContext> => {
    const installation = await deps.directory.get(String(req.params.id));
    if (!installation) throw new NotFoundError(`No installation ${String(req.params.id)}.`);
    return installation;
  };

  router.get(`${BASE}/identity`, deps.authorize, async (req, res) => {
    const installation = await installationOf(req);
    const contactId = positiveInt(req.params.contactId, 'contactId');
    res.json(await presentContactIdentity(deps.store, installation.record.id, contactId));
  });

  router.get(`${BASE}/history`, deps.authorize, async (req, res) => {
    const installation = await installationOf(req);
    const contactId = positiveInt(req.params.contactId, 'contactId');
    const exclude = optionalPositiveInt(req.query.excludeConversationId, 'excludeConversationId');
    const history = await loadCustomerHistory(deps, installation, contactId, {
      maxMessages: Math.min(optionalPositiveInt(req.query.maxMessages, 'maxMessages') ?? 40, 200),
      maxChars: Math.min(optionalPositiveInt(req.query.maxChars, 'maxChars') ?? 6_000, 50_000),
      ...(exclude ? { excludeConversationIds: [exclude] } : {}),
    });
    res.json(history);
  });

  router.post(`${BASE}/identity/suggestions/:suggestionId/accept`, deps.authorize, async (req, res) => {
    const installation = await installationOf(req);
    const body = (req.body ?? {}) as { conversationId?: unknown };
    const conversationId = optionalPositiveInt(body.conversationId, 'conversationId');
    const result = await acceptMergeSuggestion(deps, installation, {
      contactId: positiveInt(req.params.contactId, 'contactId'),
      suggestionId: String(req.params.suggestionId),
      actor: actorOf(req, res),
      ...(conversationId ? { conversationId } : {}),
    });
    res.json({
      status: result.suggestion.status,
      contactId: result.merge.merged ? result.merge.baseContactId : result.merge.contactId,
      merge: result.merge,
    });
  });

  router.post(`${BASE}/identity/suggestions/:suggestionId/dismiss`, deps.authorize, async (req, res) => {
    const installation = await installationOf(req);
    const result = await dismissMergeSuggestion(deps, installation, {
      contactId: positiveInt(req.params.contactId, 'contactId'),
      suggestionId: String(req.params.suggestionId),
      actor: actorOf(req, res),
    });
    res.json({ status: result.suggestion.status });
  });

  return router;
}
