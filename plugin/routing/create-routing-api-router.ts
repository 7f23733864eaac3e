import { Router, type RequestHandler } from 'express';
import { NotFoundError } from '../errors.ts';
import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { dryRunRouting } from './dry-run-routing.ts';

export interface RoutingApiDeps {
  store: Store;
  directory: InstallationDirectory;
  logger: Logger;
  requireAdmin: RequestHandler;
  now: () => Date;
}

/**
 * `POST /api/installations/:id/routing/dry-run` (admin): which rule would
 * route a sample conversation and what it would set (team, agent, priority,
 * labels), with every rule's conditions explained. Body: see
 * `dryRunInputSchema` (`conversation`, `conversationId`, `reason`, `at`,
 * unsaved `settings`). Nothing in Chatwoot changes.
 */
export function createRoutingApiRouter(deps: RoutingApiDeps): Router {
  const router = Router();
  router.post('/api/installations/:id/routing/dry-run', deps.requireAdmin, async (req, res) => {
    const context = await deps.directory.get(String(req.params.id));
    if (!context) throw new NotFoundError(`No active installation ${req.params.id}.`);
    res.json(
      await dryRunRouting({ store: deps.store, logger: deps.logger, now: deps.now }, context, req.body),
    );
  });
  return router;
}
