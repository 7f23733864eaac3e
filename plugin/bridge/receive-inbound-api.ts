import { Router, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { parseInboundEvent } from '../messages/inbound-event-schema.ts';
import type { InboundEvent } from '../messages/normalized-message.ts';
import type { JobRetryPolicy } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { Store } from '../store/store.ts';
import { enqueueInbound } from './enqueue-inbound.ts';

const MAX_EVENTS_PER_REQUEST = 100;

/**
 * `POST /api/installations/:id/inbound`: the authenticated entry for systems
 * that already speak Omniloom's normalized message format. Body: one event or
 * `{ "events": [...] }`; answered 202 once every event is durably queued.
 */
export function createInboundApiRouter(deps: {
  store: Store;
  queue: JobQueue;
  logger: Logger;
  now: () => Date;
  requireAdmin: RequestHandler;
  retry?: JobRetryPolicy;
}): Router {
  const router = Router();
  router.post('/api/installations/:id/inbound', deps.requireAdmin, async (req, res) => {
    const installationId = String(req.params.id);
    const installation = await deps.store.installations.get(installationId);
    if (!installation || installation.status !== 'active') throw new NotFoundError(`No installation ${installationId}.`);

    const body = req.body as { events?: unknown } | undefined;
    if (!req.is('application/json') || typeof body !== 'object' || body === null) {
      throw new BadRequestError('Send a JSON normalized event, or {"events": [...]}.', 415, 'unsupported_media_type');
    }
    const items: unknown[] = Array.isArray(body.events) ? body.events : [body];
    if (items.length === 0 || items.length > MAX_EVENTS_PER_REQUEST) {
      throw new BadRequestError(`Send between 1 and ${MAX_EVENTS_PER_REQUEST} events per request.`);
    }
    const events: InboundEvent[] = items.map((item, index) => {
      const parsed = parseInboundEvent(item);
      if (!parsed.ok) throw new BadRequestError(`Event ${index} is invalid: ${parsed.problems.join('; ')}`, 400, 'bad_request', { problems: parsed.problems });
      return parsed.event;
    });

    const byChannel = new Map<string, InboundEvent[]>();
    for (const event of events) byChannel.set(event.channel, [...(byChannel.get(event.channel) ?? []), event]);
    for (const channel of byChannel.keys()) {
      const account = await deps.store.channelAccounts.get(installationId, channel);
      if (!account?.inboxId) throw new BadRequestError(`Channel "${channel}" is not set up for this installation.`, 422);
    }
    const totals = { queued: 0, duplicates: 0, ignored: 0 };
    for (const [channel, channelEvents] of byChannel) {
      const result = await enqueueInbound(deps, installationId, channel, channelEvents);
      totals.queued += result.queued;
      totals.duplicates += result.duplicates;
      totals.ignored += result.ignored;
      await deps.store.channelAccounts.touchInbound(installationId, channel, deps.now().toISOString());
    }
    res.status(202).json({ status: 'accepted', ...totals });
  });
  return router;
}
