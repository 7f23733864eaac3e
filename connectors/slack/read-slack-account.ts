/**
 * Reads a Slack installation's settings out of the generic `ConnectorAccount`
 * and names the field to fix when a credential is missing.
 */
import { ConfigError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';

/** Non-secret settings of one Slack installation (`account.config`). */
export interface SlackSettings {
  /** Web API base with a trailing slash (`https://slack.com/api/`). */
  apiBaseUrl: string;
  /** The bot's own user id; its messages are never treated as customer messages. */
  botUserId?: string;
}

export const DEFAULT_SLACK_API = 'https://slack.com/api/';

/** Settings with defaults applied; never throws (parse must work without any account). */
export function readSlackSettings(account?: Pick<ConnectorAccount, 'config'>): SlackSettings {
  const config = account?.config ?? {};
  const base =
    typeof config.apiBaseUrl === 'string' && config.apiBaseUrl.trim()
      ? config.apiBaseUrl.trim()
      : DEFAULT_SLACK_API;
  return {
    apiBaseUrl: base.endsWith('/') ? base : `${base}/`,
    botUserId: typeof config.botUserId === 'string' && config.botUserId ? config.botUserId : undefined,
  };
}

/** The bot token (`xoxb-…`), or a ConfigError telling the operator where to find it. */
export function requireSlackBotToken(account: ConnectorAccount): string {
  const token = account.credentials.botToken;
  if (!token) {
    throw new ConfigError(
      `Slack installation ${account.installationId} has no bot token: set the botToken credential (OAuth & Permissions → Bot User OAuth Token).`,
    );
  }
  return token;
}
