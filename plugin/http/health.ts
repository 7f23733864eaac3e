import { Router } from 'express';
import type { Runtime } from '../runtime/runtime.ts';

/** `GET /healthz`: liveness plus which store and queue this process runs on. */
export function createHealthRouter(runtime: Pick<Runtime, 'store' | 'queue'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', store: runtime.store.kind, queue: runtime.queue.kind });
  });
  return router;
}
