import { Router } from 'express';
import type { AdminContext } from '../admin-context.ts';
import { formatTime } from '../format-time.ts';

/** `GET /admin`: every installation with its Chatwoot account, status and bridged channels. */
export function createInstallationsListRouter(ctx: AdminContext): Router {
  const { deps } = ctx;
  const router = Router();

  router.get('/admin', async (req, res) => {
    const records = await deps.store.installations.list();
    const installations = await Promise.all(
      records.map(async (record) => {
        const accounts = await deps.store.channelAccounts.list(record.id);
        const channels = [
          ...new Set([
            ...Object.keys(record.provisioned.apiInboxes ?? {}),
            ...accounts.map((account) => account.channel),
          ]),
        ];
        return {
          id: record.id,
          chatwootUrl: record.chatwootUrl,
          accountId: record.accountId,
          status: record.status,
          active: record.status === 'active',
          channels: channels.sort().map((channel) => deps.channelName(channel) ?? channel),
          createdAt: formatTime(record.createdAt),
        };
      }),
    );
    ctx.send(res, 200, 'installations', {
      ...ctx.frame(req, 'Installations', 'installations'),
      installations,
    });
  });

  return router;
}
