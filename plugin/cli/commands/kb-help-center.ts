import type { Command } from 'commander';
import {
  disconnectHelpCenterPortal,
  listHelpCenterPortals,
  saveHelpCenterSource,
  syncHelpCenterPortal,
  type HelpCenterSyncDeps,
} from '../../knowledge/help-center/index.ts';
import { BadRequestError } from '../../errors.ts';
import type { OwnedRuntime } from '../../runtime/create-runtime.ts';
import { printJson, withCliRuntime, type CliContext } from '../open-cli-runtime.ts';

function syncDeps(runtime: OwnedRuntime, context: CliContext): HelpCenterSyncDeps {
  return {
    store: runtime.store,
    gemini: runtime.config.gemini,
    directory: context.directory,
    logger: runtime.logger,
    now: runtime.now,
  };
}

/** `omniloom kb help-center import|list|remove`: Chatwoot Help Center portals as knowledge sources. */
export function registerHelpCenterCommands(kb: Command): void {
  const helpCenter = kb.command('help-center').description('Use Chatwoot Help Center portals as knowledge sources');
  helpCenter
    .command('import <installationId> <portal>')
    .description('Connect a portal (by slug) and import its published articles now; later imports update and remove articles')
    .option('--inbox <id>', 'limit the articles to one inbox')
    .option('--on-demand', 'do not keep the portal in sync on the schedule')
    .action(async (installationId: string, portal: string, options: { inbox?: string; onDemand?: boolean }) => {
      await withCliRuntime(async (runtime, context) => {
        const inboxId = options.inbox === undefined ? undefined : Number(options.inbox);
        if (inboxId !== undefined && (!Number.isInteger(inboxId) || inboxId <= 0))
          throw new BadRequestError(`--inbox must be a positive whole number, got "${options.inbox}".`);
        const deps = syncDeps(runtime, context);
        await saveHelpCenterSource(deps, installationId, {
          portal,
          keepInSync: !options.onDemand,
          ...(inboxId !== undefined ? { inboxId } : {}),
        });
        printJson({ portal, ...(await syncHelpCenterPortal(deps, installationId, portal)) });
      });
    });
  helpCenter
    .command('list <installationId>')
    .description('List the connected portals and their last sync')
    .action(async (installationId: string) => {
      await withCliRuntime(async (runtime) => {
        printJson(await listHelpCenterPortals(runtime.store, installationId));
      });
    });
  helpCenter
    .command('remove <installationId> <portal>')
    .description("Disconnect a portal and remove its articles from the knowledge base")
    .option('--keep-documents', 'keep the imported articles')
    .action(async (installationId: string, portal: string, options: { keepDocuments?: boolean }) => {
      await withCliRuntime(async (runtime, context) => {
        const result = await disconnectHelpCenterPortal(syncDeps(runtime, context), installationId, portal, {
          keepDocuments: options.keepDocuments ?? false,
        });
        printJson({ portal, ...result });
      });
    });
}
