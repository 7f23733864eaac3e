/**
 * One REST client per installation (discord.js's `@discordjs/rest`, which
 * tracks Discord's per-route buckets) and the mapping of its failures onto
 * Omniloom errors.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, REST, RateLimitError as DiscordRateLimitError } from '@discordjs/rest';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { readDiscordSettings, requireBotToken } from './read-discord-account.ts';

const clients = new Map<string, REST>();

/**
 * The REST client for an installation. Cached so rate-limit buckets learned
 * from response headers carry over between sends. `rejectOnRateLimit` makes a
 * 429 (or a bucket known to be empty) throw instead of sleeping inside the
 * worker, so the queue can retry at the time Discord asked for.
 */
export function getDiscordRest(account: ConnectorAccount): REST {
  const token = requireBotToken(account);
  const { apiBaseUrl } = readDiscordSettings(account);
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 16);
  const cacheKey = `${account.installationId}|${apiBaseUrl}|${tokenHash}`;
  let rest = clients.get(cacheKey);
  if (!rest) {
    rest = new REST({
      api: apiBaseUrl,
      version: '10',
      rejectOnRateLimit: () => true,
      retries: 1,
      timeout: 15_000,
    });
    rest.setToken(token);
    clients.set(cacheKey, rest);
  }
  return rest;
}

/** Discord's JSON error code (e.g. 10003 Unknown Channel), when the failure is a DiscordAPIError. */
export function discordErrorCode(error: unknown): number | string | undefined {
  return error instanceof DiscordAPIError ? error.code : undefined;
}

/** Translates discord.js errors: 429 → RateLimitError(retry time), 401 → ConfigError, others → upstream_error. */
export function toOmniloomError(error: unknown, action: string): Error {
  if (error instanceof OmniloomError) return error;
  if (error instanceof DiscordRateLimitError) {
    const waitMs = Math.max(error.retryAfter, error.timeToReset, 0) || 1000;
    return new RateLimitError(
      `Discord rate limit while trying to ${action} (route ${error.route})`,
      waitMs,
      'discord',
    );
  }
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    if (error.status === 401) {
      return new ConfigError(
        'Discord rejected the bot token (401): update the botToken credential of this installation.',
        error,
      );
    }
    return new OmniloomError(`Discord API failed to ${action}: ${error.status} ${error.message}`, {
      code: 'upstream_error',
      connector: 'discord',
      cause: error,
      details: { status: error.status, discordCode: discordErrorCode(error) },
    });
  }
  return new OmniloomError(
    `Discord request failed to ${action}: ${error instanceof Error ? error.message : String(error)}`,
    {
      code: 'upstream_error',
      connector: 'discord',
      cause: error,
    },
  );
}

/** Runs one API call and rethrows its failure as an Omniloom error. */
export async function callDiscord<T>(action: string, call: () => Promise<unknown>): Promise<T> {
  try {
    return (await call()) as T;
  } catch (error) {
    throw toOmniloomError(error, action);
  }
}
