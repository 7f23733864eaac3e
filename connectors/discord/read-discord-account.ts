/**
 * Reads a Discord installation's settings out of the generic
 * `ConnectorAccount`, with defaults, and names the field to fix when a
 * required credential is missing.
 */
import { ConfigError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';

/** Non-secret settings of one Discord installation (`account.config`). */
export interface DiscordSettings {
  /** REST base, without the version (`https://discord.com/api`). The gateway URL comes from GET /gateway/bot on it. */
  apiBaseUrl: string;
  /** The application (and bot user) id; used to drop the bot's own reactions. */
  applicationId?: string;
  /** The guild channel customers post in; each top-level message there becomes its own ticket thread. */
  supportChannelId?: string;
  /** Open a thread per ticket in the support channel (default true); false answers inline with replies. */
  createThreads: boolean;
  /** `/support` tickets open as private threads (default true) so other members cannot read them. */
  privateTickets: boolean;
}

export const DEFAULT_DISCORD_API = 'https://discord.com/api';

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Settings with defaults applied; never throws (parse must work without any account). */
export function readDiscordSettings(account?: Pick<ConnectorAccount, 'config'>): DiscordSettings {
  const config = account?.config ?? {};
  return {
    apiBaseUrl: (optionalString(config.apiBaseUrl) ?? DEFAULT_DISCORD_API).replace(/\/+$/, ''),
    applicationId: optionalString(config.applicationId),
    supportChannelId: optionalString(config.supportChannelId),
    createThreads: config.createThreads !== false,
    privateTickets: config.privateTickets !== false,
  };
}

/** The bot token, or a ConfigError telling the operator where to put it. */
export function requireBotToken(account: ConnectorAccount): string {
  const token = account.credentials.botToken;
  if (!token) {
    throw new ConfigError(
      `Discord installation ${account.installationId} has no bot token: set the botToken credential (Developer Portal → Bot → Reset Token).`,
    );
  }
  return token;
}
