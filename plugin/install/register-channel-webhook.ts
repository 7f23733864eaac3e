import type { Connector } from '../../connectors/core/connector.ts';
import { loadConnectorAccount } from '../bridge/load-connector-account.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { installationUrls } from './public-urls.ts';

export interface RegisterChannelWebhookDeps {
  store: Store;
  secrets: SecretBox;
  /** Base URL the platform calls; it must reach this Omniloom, since platforms check the URL at once. */
  publicUrl: string;
  connectors: (id: string) => Connector | undefined;
}

export interface ChannelWebhookRegistration {
  channel: string;
  webhookUrl: string;
  /** The event types the platform confirmed, when it reports them. */
  eventTypes?: string[];
}

/**
 * Tells a bridged channel's platform to deliver to this installation's webhook
 * URL, for connectors that register it by API call (`registerWebhook`). The
 * channel must be stored first: the platform calls the URL straight away and
 * only the stored credentials verify that call.
 */
export async function registerChannelWebhook(
  deps: RegisterChannelWebhookDeps,
  installationId: string,
  channel: string,
): Promise<ChannelWebhookRegistration> {
  const connector = deps.connectors(channel);
  if (!connector) throw new BadRequestError(`Unknown channel "${channel}".`);
  if (!(await deps.store.installations.get(installationId))) {
    throw new NotFoundError(`No installation ${installationId}.`);
  }
  const webhookUrl = installationUrls(deps.publicUrl, installationId, '').channelWebhook(connector.id);
  if (!connector.registerWebhook) {
    throw new BadRequestError(
      `Omniloom cannot register ${connector.displayName}'s webhook: enter ${webhookUrl} in ${connector.displayName}'s own app settings.`,
    );
  }
  const loaded = await loadConnectorAccount(deps, installationId, connector.id);
  if (!loaded) {
    throw new BadRequestError(
      `${connector.displayName} is not set up for installation ${installationId}: store its credentials first (omniloom channel add ${connector.id} --installation ${installationId} …).`,
    );
  }
  const registration = await connector.registerWebhook(loaded.account, webhookUrl);
  return { channel: connector.id, webhookUrl, ...registration };
}
