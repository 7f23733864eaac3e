import type { Command } from 'commander';
import { installOmniloom } from '../../install/install-omniloom.ts';
import { uninstallOmniloom } from '../../install/uninstall-omniloom.ts';
import { connectorLookup } from '../../service/assemble-features.ts';
import { printJson, withCliRuntime } from '../open-cli-runtime.ts';

export function registerInstallCommands(program: Command): void {
  program
    .command('install')
    .description('Install Omniloom into a Chatwoot account, or repair an earlier install (safe to run again)')
    .requiredOption('--chatwoot-url <url>', 'Chatwoot base URL')
    .requiredOption('--account-id <id>', 'Chatwoot account id')
    .requiredOption('--token <token>', 'administrator API access token (or OMNILOOM_CHATWOOT_TOKEN)')
    .option('--channels <list>', 'bridged channels to add, comma separated (discord,slack,viber,teams,webhook)', '')
    .option('--inboxes <list>', 'existing inbox ids the AI agent answers in, comma separated, or "all"', '')
    .action(async (options: { chatwootUrl: string; accountId: string; token: string; channels: string; inboxes: string }) => {
      const inboxes = options.inboxes === 'all' ? 'all' : splitList(options.inboxes).map(Number);
      await withCliRuntime(async (runtime, features) => {
        const connectors = connectorLookup();
        const result = await installOmniloom(
          {
            store: runtime.store,
            secrets: runtime.secrets,
            directory: features.directory,
            logger: runtime.logger,
            publicUrl: runtime.config.publicUrl,
            channelName: (channel) => connectors(channel)?.displayName,
          },
          { chatwootUrl: options.chatwootUrl, accountId: options.accountId, token: options.token, channels: splitList(options.channels), inboxes },
        );
        printJson(result);
      });
    });

  program
    .command('uninstall <installationId>')
    .description('Remove everything Omniloom created in Chatwoot for this installation, and its data')
    .action(async (installationId: string) => {
      await withCliRuntime(async (runtime, features) => {
        printJson(
          await uninstallOmniloom(
            { store: runtime.store, directory: features.directory, logger: runtime.logger, publicUrl: runtime.config.publicUrl },
            installationId,
          ),
        );
      });
    });
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
