import type { Logger } from 'pino';
import { NotFoundError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { InstallationDirectory } from './installation-directory.ts';
import { readIfExists, type ProvisionContext } from './provision/provision-context.ts';
import { restoreInboxBot } from './provision/ensure-bot-inboxes.ts';
import { installationUrls } from './public-urls.ts';

/**
 * Removes exactly what Omniloom created in Chatwoot — the account webhook, the
 * dashboard app, the bridged API inboxes, the agent bot — and gives inboxes
 * back the bot they had before. Then deletes the installation's records.
 */
export async function uninstallOmniloom(
  deps: { store: Store; directory: InstallationDirectory; logger: Logger; publicUrl: string },
  installationId: string,
): Promise<{ changes: string[] }> {
  const record = await deps.store.installations.get(installationId);
  if (!record) throw new NotFoundError(`No installation ${installationId}.`);
  const context = deps.directory.build(record);
  const provision: ProvisionContext = {
    chatwoot: context.chatwoot,
    urls: installationUrls(deps.publicUrl, record.id, context.urlSecret),
    changes: [],
  };
  const { chatwoot } = context;
  const done = record.provisioned;

  if (done.webhookId !== undefined) {
    const webhookId = done.webhookId;
    await ignoreMissing(() => chatwoot.deleteWebhook(webhookId));
    provision.changes.push(`deleted account webhook ${webhookId}`);
  }
  for (const appId of done.dashboardAppIds ?? []) {
    await ignoreMissing(() => chatwoot.deleteDashboardApp(appId));
    provision.changes.push(`deleted dashboard app ${appId}`);
  }
  const apiInboxIds = Object.values(done.apiInboxes ?? {});
  if (done.agentBotId !== undefined) {
    for (const entry of done.botInboxes ?? []) {
      if (apiInboxIds.includes(entry.inboxId)) continue;
      await restoreInboxBot(provision, done.agentBotId, entry);
    }
  }
  for (const [channel, inboxId] of Object.entries(done.apiInboxes ?? {})) {
    await ignoreMissing(() => chatwoot.deleteInbox(inboxId));
    provision.changes.push(`deleted ${channel} inbox ${inboxId}`);
  }
  if (done.agentBotId !== undefined) {
    const botId = done.agentBotId;
    if (await readIfExists(() => chatwoot.getAgentBot(botId))) await chatwoot.deleteAgentBot(botId);
    provision.changes.push(`deleted agent bot ${botId}`);
  }
  await deps.store.purgeInstallation(record.id);
  await deps.store.installations.delete(record.id);
  deps.directory.invalidate(record.id);
  deps.logger.info({ installationId, changes: provision.changes }, 'installation removed');
  return { changes: provision.changes };
}

async function ignoreMissing(remove: () => Promise<unknown>): Promise<void> {
  await readIfExists(remove);
}
