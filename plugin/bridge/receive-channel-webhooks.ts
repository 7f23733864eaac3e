import express, { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Connector, HandshakeReply, RawRequest } from '../../connectors/core/connector.ts';
import { BadRequestError, NotFoundError, VerificationError } from '../errors.ts';
import type { JobRetryPolicy } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { enqueueInbound } from './enqueue-inbound.ts';
import { loadConnectorAccount } from './load-connector-account.ts';

/**
 * `/webhooks/:channel/:installationId`: one generic route for every bridged
 * channel. Verify → parse → enqueue → acknowledge, nothing else on the request
 * path; handshakes are the connector's business.
 */
export function createChannelWebhooksRouter(deps: {
  connectors: (id: string) => Connector | undefined;
  store: Store;
  secrets: SecretBox;
  queue: JobQueue;
  logger: Logger;
  bodyLimit: string;
  now: () => Date;
  retry?: JobRetryPolicy;
}): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: deps.bodyLimit });

  const handle = async (req: Request, res: Response) => {
    const { channel, installationId } = req.params as Record<string, string>;
    const connector = deps.connectors(channel ?? '');
    if (!connector) throw new NotFoundError(`No channel named "${channel}".`);
    const loaded = await loadConnectorAccount(deps, installationId ?? '', connector.id);
    if (!loaded) throw new NotFoundError(`Channel "${connector.id}" is not set up for this installation.`);

    const rawRequest = toRawRequest(req);
    const verdict = connector.verify(rawRequest, loaded.account);
    if (!verdict.ok) throw new VerificationError(connector.id, verdict.reason);
    // Checks needing I/O (Teams' JWT keys) run only once the cheap pure check has passed.
    const fullVerdict = connector.verifyAsync ? await connector.verifyAsync(rawRequest, loaded.account) : verdict;
    if (!fullVerdict.ok) throw new VerificationError(connector.id, fullVerdict.reason);

    const handshake = connector.handshake?.(rawRequest, loaded.account);
    if (handshake && !handshake.carriesEvents) {
      sendHandshake(res, handshake);
      return;
    }
    if (req.method !== 'POST') throw new BadRequestError('Channel events must be POSTed.', 405);

    const events = connector.parse(rawRequest.rawBody, loaded.account);
    const result = await enqueueInbound(deps, loaded.record.installationId, connector.id, events);
    await deps.store.channelAccounts.touchInbound(loaded.record.installationId, connector.id, deps.now().toISOString());
    if (handshake) {
      // e.g. a slash command: its events are queued above, and the platform expects this exact answer.
      sendHandshake(res, handshake);
      return;
    }
    res.status(200).json({ status: 'ok', ...result });
  };

  router.get('/webhooks/:channel/:installationId', raw, handle);
  router.post('/webhooks/:channel/:installationId', raw, handle);
  return router;
}

function sendHandshake(res: Response, handshake: HandshakeReply): void {
  res.status(handshake.status);
  if (handshake.contentType) res.type(handshake.contentType);
  res.send(handshake.body);
}

function toRawRequest(req: Request): RawRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.query)) query[name] = typeof value === 'string' ? value : undefined;
  return {
    method: req.method,
    url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    headers,
    query,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}
