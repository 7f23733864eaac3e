/**
 * Reads a Viber installation's settings out of the generic `ConnectorAccount`
 * and names the field to fix when something required is missing.
 */
import { ConfigError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';

/** Non-secret settings of one Viber installation (`account.config`). */
export interface ViberSettings {
  /** REST base without a trailing slash (`https://chatapi.viber.com/pa`). */
  apiBaseUrl: string;
  /** `sender.name` on every message (Viber requires it, at most 28 characters). */
  senderName?: string;
  /** `sender.avatar` URL (recommended 720×720, under 100 kB). */
  senderAvatar?: string;
  /** Answer to `conversation_started` (the user opened the chat), sent in the callback response. */
  welcomeMessage?: string;
}

export const DEFAULT_VIBER_API = 'https://chatapi.viber.com/pa';
/** Viber cuts `sender.name` longer than this. */
export const VIBER_SENDER_NAME_LIMIT = 28;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Settings with defaults applied; never throws (parse and handshake must work without a full account). */
export function readViberSettings(account?: Pick<ConnectorAccount, 'config'>): ViberSettings {
  const config = account?.config ?? {};
  return {
    apiBaseUrl: (optionalString(config.apiBaseUrl) ?? DEFAULT_VIBER_API).replace(/\/+$/, ''),
    senderName: optionalString(config.senderName)?.slice(0, VIBER_SENDER_NAME_LIMIT),
    senderAvatar: optionalString(config.senderAvatar),
    welcomeMessage: optionalString(config.welcomeMessage),
  };
}

/** The bot's authentication token, or a ConfigError telling the operator where to find it. */
export function requireViberAuthToken(account: ConnectorAccount): string {
  const token = account.credentials.authToken;
  if (!token) {
    throw new ConfigError(
      `Viber installation ${account.installationId} has no auth token: set the authToken credential (Viber app → bot → Edit Info → "Your app key", or the Viber Admin Panel).`,
    );
  }
  return token;
}

/** The `sender` object Viber requires on every sent message. */
export function requireViberSender(account: ConnectorAccount): { name: string; avatar?: string } {
  const { senderName, senderAvatar } = readViberSettings(account);
  if (!senderName) {
    throw new ConfigError(
      `Viber installation ${account.installationId} has no sender name: set the senderName setting (the bot name shown on replies, at most ${VIBER_SENDER_NAME_LIMIT} characters).`,
    );
  }
  return senderAvatar ? { name: senderName, avatar: senderAvatar } : { name: senderName };
}
