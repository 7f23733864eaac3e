/**
 * One `@slack/web-api` WebClient per installation, with retries left to
 * Omniloom's queue, and the mapping of its failures onto Omniloom errors.
 */
import { createHash } from 'node:crypto';
import {
  type Logger as SlackLogger,
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
} from '@slack/web-api';
import type { Logger } from 'pino';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { readSlackSettings, requireSlackBotToken } from './read-slack-account.ts';

const clients = new Map<string, WebClient>();

/** Errors that mean the token itself is wrong: retrying cannot help, the operator must act. */
const AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

/** Routes the SDK's own logging into pino at warn and above. */
function bridgeLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => logger.warn({ connector: 'slack' }, msg.map(String).join(' ')),
    error: (...msg: unknown[]) => logger.error({ connector: 'slack' }, msg.map(String).join(' ')),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/**
 * The WebClient for an installation. `rejectRateLimitedCalls` turns a 429
 * into an error carrying Retry-After instead of a sleep inside the worker;
 * `retries: 0` because the queue already retries with backoff.
 */
export function getSlackClient(account: ConnectorAccount, logger: Logger): WebClient {
  const token = requireSlackBotToken(account);
  const { apiBaseUrl } = readSlackSettings(account);
  const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 16);
  const cacheKey = `${account.installationId}|${apiBaseUrl}|${tokenHash}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new WebClient(token, {
      slackApiUrl: apiBaseUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: 15_000,
      logger: bridgeLogger(logger),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/** Slack's `error` string (e.g. `channel_not_found`) when the failure is an `ok: false` answer. */
export function slackErrorCode(error: unknown): string | undefined {
  if (error instanceof WebAPIPlatformError) return error.data.error;
  if (error instanceof OmniloomError && typeof error.details?.slackError === 'string')
    return error.details.slackError;
  return undefined;
}

/** 429 → RateLimitError(Retry-After), bad token → ConfigError, other failures → upstream_error. */
export function toOmniloomError(error: unknown, method: string): Error {
  if (error instanceof OmniloomError) return error;
  if (error instanceof WebAPIRateLimitedError) {
    return new RateLimitError(`Slack rate limit on ${method}`, Math.max(1, error.retryAfter) * 1000, 'slack');
  }
  if (error instanceof WebAPIPlatformError) {
    const code = error.data.error;
    if (AUTH_ERRORS.has(code)) {
      return new ConfigError(
        `Slack rejected the bot token (${code}) on ${method}: update the botToken credential.`,
        error,
      );
    }
    return new OmniloomError(`Slack ${method} failed: ${code}`, {
      code: 'upstream_error',
      connector: 'slack',
      cause: error,
      details: { slackError: code, method },
    });
  }
  const status = error instanceof WebAPIHTTPError ? error.statusCode : undefined;
  return new OmniloomError(
    `Slack ${method} failed: ${error instanceof Error ? error.message : String(error)}`,
    {
      code: 'upstream_error',
      connector: 'slack',
      cause: error,
      details: { method, ...(status ? { status } : {}) },
    },
  );
}

/** Runs one Web API call and rethrows its failure as an Omniloom error. */
export async function callSlack<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOmniloomError(error, method);
  }
}
