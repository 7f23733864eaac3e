import { BadRequestError, NotFoundError } from '../errors.ts';
import type { Connector } from '../../connectors/core/connector.ts';
import { installOmniloom, type InstallDeps } from './install-omniloom.ts';

export interface ChannelSetup {
  /** Secret fields (tokens, signing secrets). Merged with those stored: omitted fields keep their value. */
  credentials?: Record<string, string>;
  /** Non-secret settings (API base URL, support channel id, ...). Merged likewise. */
  config?: Record<string, unknown>;
}

/**
 * Stores a bridged channel's credentials (encrypted) and settings, creating
 * its Chatwoot API inbox first when the installation does not have one yet.
 */
export async function configureChannel(
  deps: InstallDeps & { connectors: (id: string) => Connector | undefined },
  installationId: string,
  channel: string,
  setup: ChannelSetup,
): Promise<{ channel: string; inboxId: number; webhookUrl: string; credentialFields: string[] }> {
  const connector = deps.connectors(channel);
  if (!connector) throw new BadRequestError(`Unknown channel "${channel}".`);
  const record = await deps.store.installations.get(installationId);
  if (!record) throw new NotFoundError(`No installation ${installationId}.`);
  const unknown = Object.keys(setup.credentials ?? {}).filter((field) => !connector.credentialFields.includes(field));
  if (unknown.length > 0) {
    throw new BadRequestError(`Unknown credential field(s) for ${channel}: ${unknown.join(', ')}. Known: ${connector.credentialFields.join(', ')}.`);
  }
  // Credentials end up in HTTP headers and signatures: a value with control characters is a paste accident.
  const garbled = Object.entries(setup.credentials ?? {})
    .filter(([, value]) => typeof value !== 'string' || hasControlCharacters(value))
    .map(([field]) => field);
  if (garbled.length > 0) {
    throw new BadRequestError(`Credential field(s) ${garbled.join(', ')} must be text without control characters or line breaks.`);
  }

  let account = await deps.store.channelAccounts.get(installationId, channel);
  let webhookUrl: string | undefined;
  if (!account?.inboxId) {
    const token = deps.secrets.open(record.tokenCiphertext);
    const result = await installOmniloom(deps, { chatwootUrl: record.chatwootUrl, accountId: record.accountId, token, channels: [channel] });
    webhookUrl = result.webhooks[channel];
    account = await deps.store.channelAccounts.get(installationId, channel);
  }
  if (!account?.inboxId) throw new Error(`Channel ${channel} has no inbox after provisioning`);

  const stored = JSON.parse(deps.secrets.open(account.credentialsCiphertext)) as Record<string, string>;
  const credentials = { ...stored, ...nonEmpty(setup.credentials ?? {}) };
  await deps.store.channelAccounts.upsert({
    installationId,
    channel,
    inboxId: account.inboxId,
    config: { ...account.config, ...(setup.config ?? {}) },
    credentialsCiphertext: deps.secrets.seal(JSON.stringify(credentials)),
  });
  return {
    channel,
    inboxId: account.inboxId,
    webhookUrl: webhookUrl ?? `${deps.publicUrl.replace(/\/+$/, '')}/webhooks/${channel}/${installationId}`,
    credentialFields: Object.keys(credentials).sort(),
  };
}

function nonEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value === 'string' && value !== ''));
}

function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
