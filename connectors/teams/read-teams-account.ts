/**
 * Reads a Teams installation's settings out of the generic `ConnectorAccount`
 * and names the field to fix when a credential is missing.
 */
import { ConfigError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';

/** Non-secret settings of one Teams installation (`account.config`). */
export interface TeamsSettings {
  /** Where the Bot Connector's signing keys are published (its `jwks_uri`). */
  openIdMetadataUrl: string;
  /** OAuth 2.0 client-credentials endpoint for the bot's outgoing token. */
  tokenEndpoint: string;
  /** The bot's Microsoft Entra tenant; activities from other tenants are ignored when set. */
  tenantId?: string;
}

/** Bot Connector → bot tokens: https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication */
export const DEFAULT_TEAMS_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
/** Multi-tenant bots get their token from the `botframework.com` tenant; single-tenant ones from their own. */
export const MICROSOFT_LOGIN_URL = 'https://login.microsoftonline.com';
/** The scope of bot → Bot Connector tokens. */
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Settings with defaults applied; never throws (parse must work without any account). */
export function readTeamsSettings(account?: Pick<ConnectorAccount, 'config'>): TeamsSettings {
  const config = account?.config ?? {};
  const tenantId = optionalString(config.tenantId);
  return {
    openIdMetadataUrl: optionalString(config.openIdMetadataUrl) ?? DEFAULT_TEAMS_OPENID_METADATA_URL,
    tokenEndpoint:
      optionalString(config.tokenEndpoint) ??
      `${MICROSOFT_LOGIN_URL}/${tenantId ?? 'botframework.com'}/oauth2/v2.0/token`,
    ...(tenantId ? { tenantId } : {}),
  };
}

/** The Microsoft App ID and client secret, or a ConfigError saying which one is missing and where it lives. */
export function requireTeamsCredentials(account: ConnectorAccount): { appId: string; appPassword: string } {
  const { appId, appPassword } = account.credentials;
  if (!appId || !appPassword) {
    const missing = !appId
      ? 'appId (Azure Bot → Configuration → Microsoft App ID)'
      : "appPassword (the app registration's client secret value)";
    throw new ConfigError(
      `Teams installation ${account.installationId} is missing the ${missing} credential.`,
    );
  }
  return { appId, appPassword };
}
