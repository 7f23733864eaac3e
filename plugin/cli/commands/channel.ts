import type { Command } from 'commander';
import { configureChannel } from '../../install/configure-channel.ts';
import { registerChannelWebhook } from '../../install/register-channel-webhook.ts';
import { connectorLookup } from '../../service/assemble-features.ts';
import { printJson, withCliRuntime } from '../open-cli-runtime.ts';

/**
 * `omniloom channel add <channel> --installation ID --bot-token … --api-base-url …`:
 * flags named after the connector's credential fields are stored encrypted,
 * every other flag becomes a (non-secret) channel setting.
 * `omniloom channel register-webhook <channel> --installation ID` then points
 * platforms that take their webhook by API call (Viber) at Omniloom.
 */
export function registerChannelCommands(program: Command): void {
  const channel = program.command('channel').description('Configure bridged channels');
  channel
    .command('add <channel>')
    .description('Store a bridged channel\'s credentials and settings (creates its Chatwoot inbox if needed)')
    .requiredOption('--installation <id>', 'installation id')
    .allowUnknownOption(true)
    .helpOption('-h, --help', 'credential flags are the connector\'s fields in kebab-case, e.g. --bot-token, --signing-secret')
    .action(async (channelId: string, options: { installation: string }, command: Command) => {
      const flags = parseFlags(command.args.slice(1));
      const connectors = connectorLookup();
      const connector = connectors(channelId);
      const credentials: Record<string, string> = {};
      const config: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(flags)) {
        if (connector?.credentialFields.includes(name)) credentials[name] = value;
        else config[name] = value;
      }
      await withCliRuntime(async (runtime, context) => {
        printJson(
          await configureChannel(
            {
              store: runtime.store,
              secrets: runtime.secrets,
              directory: context.directory,
              logger: runtime.logger,
              publicUrl: runtime.config.publicUrl,
              channelName: (id) => connectors(id)?.displayName,
              connectors,
            },
            options.installation,
            channelId,
            { credentials, config },
          ),
        );
      });
    });
  channel
    .command('register-webhook <channel>')
    .description(
      "Point the channel's platform at Omniloom's webhook URL (for channels registered by API call, e.g. Viber)",
    )
    .requiredOption('--installation <id>', 'installation id')
    .action(async (channelId: string, options: { installation: string }) => {
      await withCliRuntime(async (runtime) => {
        printJson(
          await registerChannelWebhook(
            {
              store: runtime.store,
              secrets: runtime.secrets,
              publicUrl: runtime.config.publicUrl,
              connectors: connectorLookup(),
            },
            options.installation,
            channelId,
          ),
        );
      });
    });
}

/** `--bot-token abc --api-base-url http://…` → `{ botToken: 'abc', apiBaseUrl: 'http://…' }`. */
export function parseFlags(args: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('--')) continue;
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const name = (rawName ?? '').replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
    if (name === 'installation') {
      if (inline === undefined) index += 1;
      continue;
    }
    if (inline !== undefined) flags[name] = inline;
    else {
      flags[name] = args[index + 1] ?? '';
      index += 1;
    }
  }
  return flags;
}
