import { Router, type RequestHandler } from 'express';
import { BadRequestError, NotFoundError, OmniloomError } from '../../errors.ts';
import type { JobQueue } from '../../queue/queue.ts';
import type { Store } from '../../store/store.ts';
import type { Connector } from '../../../connectors/core/connector.ts';
import { configureChannel } from '../configure-channel.ts';
import { installOmniloom, type InstallDeps } from '../install-omniloom.ts';
import { registerChannelWebhook } from '../register-channel-webhook.ts';
import { uninstallOmniloom } from '../uninstall-omniloom.ts';
import { presentInstallation } from '../present-installation.ts';

/**
 * Admin API: install (and repair), list, show and uninstall installations,
 * configure their channels and register channel webhooks. The CLI runs the
 * same functions.
 */
export function createInstallationsApiRouter(
  deps: InstallDeps & { requireAdmin: RequestHandler; queue: JobQueue; store: Store; connectors: (id: string) => Connector | undefined },
): Router {
  const router = Router();
  router.use('/api/installations', deps.requireAdmin);

  router.post('/api/installations', async (req, res) => {
    const result = await installOmniloom(deps, req.body as never);
    res.status(result.changes.length > 0 ? 201 : 200).json(result);
  });

  router.get('/api/installations', async (_req, res) => {
    const installations = await deps.store.installations.list();
    res.json({ installations: installations.map(presentInstallation) });
  });

  router.get('/api/installations/:id', async (req, res) => {
    const record = await deps.store.installations.get(String(req.params.id));
    if (!record) throw new NotFoundError(`No installation ${req.params.id}.`);
    res.json(presentInstallation(record));
  });

  router.get('/api/installations/:id/channels', async (req, res) => {
    const accounts = await deps.store.channelAccounts.list(String(req.params.id));
    res.json({
      channels: accounts.map((account) => ({
        channel: account.channel,
        inboxId: account.inboxId,
        config: account.config,
        credentialFields: Object.keys(JSON.parse(deps.secrets.open(account.credentialsCiphertext)) as object).sort(),
        lastInboundAt: account.lastInboundAt ?? null,
      })),
    });
  });

  router.put('/api/installations/:id/channels/:channel', async (req, res) => {
    const body = (req.body ?? {}) as { credentials?: Record<string, string>; config?: Record<string, unknown> };
    res.json(await configureChannel(deps, String(req.params.id), String(req.params.channel), body));
  });

  router.post('/api/installations/:id/channels/:channel/webhook', async (req, res) => {
    try {
      res.json(await registerChannelWebhook(deps, String(req.params.id), String(req.params.channel)));
    } catch (error) {
      // The platform refused (bad token, URL it could not reach): the caller has to fix that, not us.
      if (!(error instanceof OmniloomError) || error instanceof BadRequestError || error.code === 'rate_limited') {
        throw error;
      }
      res.status(502).json({ error: { code: error.code, message: error.message } });
    }
  });

  router.delete('/api/installations/:id', async (req, res) => {
    res.json(await uninstallOmniloom(deps, String(req.params.id)));
  });
  return router;
}
