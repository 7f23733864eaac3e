import { Router, type RequestHandler } from 'express';
import { NotFoundError } from '../errors.ts';
import type { JobQueue } from '../queue/queue.ts';

/**
 * `GET /api/dead-letters[?queue=]` lists jobs that used up their retries;
 * `POST /api/dead-letters/:queue/:id/retry` puts one back with a fresh budget.
 * The admin page shows the same list per installation.
 */
export function createDeadLettersRouter(deps: { queue: JobQueue; requireAdmin: RequestHandler }): Router {
  const router = Router();
  router.get('/api/dead-letters', deps.requireAdmin, async (req, res) => {
    const queueName = typeof req.query.queue === 'string' ? req.query.queue : undefined;
    const deadLetters = await deps.queue.deadLetters(queueName);
    res.json({ deadLetters: deadLetters.map(({ id, queue, attempts, error, failedAt, data }) => ({ id, queue, attempts, error, failedAt, installationId: installationOf(data) })) });
  });
  router.post('/api/dead-letters/:queue/:id/retry', deps.requireAdmin, async (req, res) => {
    const retried = await deps.queue.retryDeadLetter(String(req.params.queue), String(req.params.id));
    if (!retried) throw new NotFoundError(`No dead letter ${req.params.id} in queue ${req.params.queue}.`);
    res.json({ status: 'retrying' });
  });
  return router;
}

function installationOf(data: unknown): string | undefined {
  const value = (data as { installationId?: unknown } | null)?.installationId;
  return typeof value === 'string' ? value : undefined;
}
