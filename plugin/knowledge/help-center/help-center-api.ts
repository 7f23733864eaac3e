import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { BadRequestError } from '../../errors.ts';
import { listHelpCenterPortals } from './help-center-portals.ts';
import {
  connectHelpCenterPortal,
  disconnectHelpCenterPortal,
  listChatwootPortals,
  syncHelpCenterPortalNow,
  type HelpCenterManageDeps,
} from './manage-help-center.ts';

const connectSchema = z.object({
  portal: z.string().min(1).max(255),
  inboxId: z.number().int().positive().optional(),
  keepInSync: z.boolean().default(true),
});

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new BadRequestError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; '));
  return parsed.data;
}

/**
 * Chatwoot Help Center portals as knowledge sources:
 * `GET  /api/installations/:id/knowledge/help-center` connected portals with their last sync,
 * `GET  …/help-center/portals` the account's portals in Chatwoot,
 * `POST …/help-center` connect a portal (and sync it), `POST …/help-center/:portal/sync` sync now,
 * `DELETE …/help-center/:portal[?keepDocuments=true]` disconnect.
 */
export function createHelpCenterRouter(deps: HelpCenterManageDeps & { requireAdmin: RequestHandler }): Router {
  const router = Router();
  const base = '/api/installations/:id/knowledge/help-center';
  router.get(base, deps.requireAdmin, async (req, res) => {
    res.json({ portals: await listHelpCenterPortals(deps.store, String(req.params.id)) });
  });
  router.get(`${base}/portals`, deps.requireAdmin, async (req, res) => {
    const portals = await listChatwootPortals(deps, String(req.params.id));
    res.json({ portals: portals.map(({ id, slug, name }) => ({ id, slug, name })) });
  });
  router.post(base, deps.requireAdmin, async (req, res) => {
    const input = parseBody(connectSchema, req.body);
    const { source, job } = await connectHelpCenterPortal(deps, String(req.params.id), input);
    res.status(202).json({ portal: source, syncJobId: job.id });
  });
  router.post(`${base}/:portal/sync`, deps.requireAdmin, async (req, res) => {
    const job = await syncHelpCenterPortalNow(deps, String(req.params.id), String(req.params.portal));
    res.status(202).json({ syncJobId: job.id });
  });
  router.delete(`${base}/:portal`, deps.requireAdmin, async (req, res) => {
    const keepDocuments = req.query.keepDocuments === 'true';
    await disconnectHelpCenterPortal(deps, String(req.params.id), String(req.params.portal), { keepDocuments });
    res.status(204).end();
  });
  return router;
}
