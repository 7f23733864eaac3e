/**
 * One call to the Bot Connector REST API on a conversation's `serviceUrl`,
 * authenticated with the bot's token, and the mapping of its failures onto
 * Omniloom errors. The service URL comes from an activity whose token bound
 * it (`serviceurl` claim), so the bot token only goes where Microsoft said.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
 */
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { forgetTeamsBotToken, getTeamsBotToken } from './fetch-teams-bot-token.ts';

export interface BotConnectorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  serviceUrl: string;
  /** Path below the service URL, already encoded (`v3/conversations/<id>/activities`). */
  path: string;
  body?: Record<string, unknown>;
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (header !== null && Number.isFinite(seconds) && seconds >= 0) return Math.max(1, seconds) * 1000;
  const date = header ? Date.parse(header) : Number.NaN;
  return Number.isFinite(date) ? Math.max(1000, date - Date.now()) : 5000;
}

/** The URL of `path` on `serviceUrl` (which may or may not end with a slash). */
export function botConnectorUrl(serviceUrl: string, path: string): string {
  return `${serviceUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

async function send(request: BotConnectorRequest, token: string): Promise<Response> {
  try {
    return await fetch(botConnectorUrl(request.serviceUrl, request.path), {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(request.body ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      },
      ...(request.body ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new OmniloomError(
      `Bot Connector ${request.method} ${request.path} failed: ${(error as Error).message}`,
      {
        code: 'upstream_error',
        connector: 'teams',
        cause: error,
      },
    );
  }
}

/**
 * Runs one call and returns its JSON answer (`{}` for an empty one). 429 →
 * RateLimitError with Retry-After; 401 → one retry with a fresh token, then
 * ConfigError; other failures → `upstream_error` with the status and the
 * Bot Connector's error code in `details`.
 */
export async function callBotConnector(
  account: ConnectorAccount,
  request: BotConnectorRequest,
): Promise<unknown> {
  let response = await send(request, await getTeamsBotToken(account));
  if (response.status === 401) {
    await response.body?.cancel();
    forgetTeamsBotToken(account);
    response = await send(request, await getTeamsBotToken(account));
    if (response.status === 401) {
      await response.body?.cancel();
      throw new ConfigError(
        'The Bot Connector refused the Teams bot token (401): check that appId/appPassword belong to the Azure Bot that Teams calls, and the tenantId setting.',
      );
    }
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RateLimitError(
      `Bot Connector rate limit on ${request.method} ${request.path}`,
      retryAfterMs(response.headers.get('retry-after')),
      'teams',
    );
  }
  const text = await response.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text.slice(0, 200) };
    }
  }
  if (!response.ok) {
    const errorCode = (body as { error?: { code?: unknown } })?.error?.code;
    throw new OmniloomError(
      `Bot Connector ${request.method} ${request.path} answered HTTP ${response.status}${typeof errorCode === 'string' ? ` (${errorCode})` : ''}`,
      {
        code: 'upstream_error',
        connector: 'teams',
        details: {
          status: response.status,
          ...(typeof errorCode === 'string' ? { teamsError: errorCode } : {}),
        },
      },
    );
  }
  return body;
}
