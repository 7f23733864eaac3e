import type { ConnectorAccount } from '../../connectors/core/connector.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { ChannelAccountRecord, Store } from '../store/store.ts';

export interface LoadedChannelAccount {
  record: ChannelAccountRecord;
  account: ConnectorAccount;
}

/** Reads a channel account and decrypts its credentials for the connector. */
export async function loadConnectorAccount(
  deps: { store: Store; secrets: SecretBox },
  installationId: string,
  channel: string,
): Promise<LoadedChannelAccount | undefined> {
  const record = await deps.store.channelAccounts.get(installationId, channel);
  if (!record) return undefined;
  const credentials = JSON.parse(deps.secrets.open(record.credentialsCiphertext)) as Record<string, string>;
  return { record, account: { installationId, credentials, config: record.config } };
}
