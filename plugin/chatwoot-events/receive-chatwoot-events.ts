import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { BadRequestError, UnauthorizedError } from '../errors.ts';
import type { RequestWithRawBody } from '../http/raw-body.ts';
import type { InstallationDirectory } from '../install/installation-directory.ts';
import type { JobQueue } from '../queue/queue.ts';
import { safeEqual } from '../security/constant-time.ts';
import { QUEUES } from '../bridge/job-names.ts';
import { isChatwootEvent, type ChatwootEventJob, type ChatwootReceiver } from './chatwoot-event.ts';
import { chatwootEventKey } from './event-key.ts';

const RECEIVERS: readonly ChatwootReceiver[] = ['bot', 'account', 'inbox'];

/**
 * Receives what Chatwoot sends to Omniloom (agent bot, account webhook, API
 * inbox webhooks): checks the URL secret, queues the event durably, then
 * answers. Chatwoot waits at most 5 s and never retries, so nothing slow runs here.
 */
export function createChatwootEventsRouter(deps: {
  directory: InstallationDirectory;
  queue: JobQueue;
  logger: Logger;
  now: () => Date;
}): Router {
  const router = Router();
  const handler = async (req: Request, res: Response) => {
    const { installationId, secret, receiver } = req.params as Record<string, string>;
    const channel = (req.params as Record<string, string | undefined>).channel;
    if (!RECEIVERS.includes(receiver as ChatwootReceiver)) throw new BadRequestError(`Unknown receiver "${receiver}".`, 404, 'not_found');
    const context = await deps.directory.get(installationId ?? '');
    // Same answer for an unknown installation and a wrong secret: no probing for valid ids.
    if (!context || !safeEqual(secret ?? '', context.urlSecret)) throw new UnauthorizedError('Unknown installation or wrong secret.');

    const body = req.body as unknown;
    const rawBody = (req as RequestWithRawBody).rawBody;
    if (!rawBody || typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestError('Expected a JSON object with an "event" field.');
    }
    const payload = body as Record<string, unknown>;
    if (!isChatwootEvent(payload.event)) {
      deps.logger.info({ installationId, receiver, event: String(payload.event).slice(0, 64) }, 'skipped unknown Chatwoot event');
      res.status(202).json({ status: 'skipped', reason: 'unknown event type' });
      return;
    }
    const job: ChatwootEventJob = {
      installationId: context.record.id,
      receiver: receiver as ChatwootReceiver,
      ...(channel ? { channel } : {}),
      event: payload.event,
      eventKey: chatwootEventKey(receiver as ChatwootReceiver, payload.event, payload, rawBody),
      payload,
      receivedAt: deps.now().toISOString(),
    };
    const { duplicate } = await deps.queue.add(QUEUES.chatwootEvents, job, { jobId: `cw:${job.installationId}:${job.eventKey}`, attempts: 5 });
    res.status(202).json({ status: duplicate ? 'duplicate' : 'queued' });
  };
  router.post('/chatwoot/:installationId/:secret/:receiver', handler);
  router.post('/chatwoot/:installationId/:secret/:receiver/:channel', handler);
  return router;
}
