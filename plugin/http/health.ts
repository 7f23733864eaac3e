import { Router } from 'express';
import type { Runtime } from '../runtime/runtime.ts';

/**
 * `GET /healthz`: liveness plus which store and queue this process runs on. Answers 503 with the problem
 * while the queue cannot take jobs (Redis unreachable), so a load balancer routes webhooks elsewhere.
 */
export function createHealthRouter(runtime: Pick<Runtime, 'store' | 'queue'>): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const kinds = { store: runtime.store.kind, queue: runtime.queue.kind };
    const queue = await runtime.queue.health();
    if (!queue.ok) {
      res.status(503).json({ status: 'degraded', ...kinds, problem: queue.problem });
      return;
    }
    res.json({ status: 'ok', ...kinds });
  });
  return router;
}
