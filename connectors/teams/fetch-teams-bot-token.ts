/**
 * The bot's own token for calling the Bot Connector: OAuth 2.0 client
 * credentials (Microsoft App ID + client secret) against Microsoft Entra, scope
 * `https://api.botframework.com/.default`. Tokens live about an hour; one is
 * cached per endpoint and app until five minutes before it expires, and
 * concurrent sends share one request.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector
 */
import { createHash } from 'node:crypto';
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { BOT_FRAMEWORK_SCOPE, readTeamsSettings, requireTeamsCredentials } from './read-teams-account.ts';

const REFRESH_MARGIN_MS = 5 * 60_000;
const tokens = new Map<string, { token: string; expiresAt: number }>();
const inFlight = new Map<string, Promise<string>>();

function cacheKey(account: ConnectorAccount): string {
  const { appId, appPassword } = requireTeamsCredentials(account);
  const secretHash = createHash('sha256').update(appPassword).digest('hex').slice(0, 16);
  return `${readTeamsSettings(account).tokenEndpoint}|${appId}|${secretHash}`;
}

async function requestToken(account: ConnectorAccount): Promise<{ token: string; expiresAt: number }> {
  const { appId, appPassword } = requireTeamsCredentials(account);
  const { tokenEndpoint } = readTeamsSettings(account);
  let response: Response;
  try {
    response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: appId,
        client_secret: appPassword,
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new OmniloomError(
      `Could not reach the Teams token endpoint ${tokenEndpoint}: ${(error as Error).message}`,
      {
        code: 'upstream_error',
        connector: 'teams',
        cause: error,
      },
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: unknown;
    expires_in?: unknown;
    error?: unknown;
    error_description?: unknown;
  };
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after'));
    throw new RateLimitError(
      'Teams token endpoint rate limit',
      (Number.isFinite(seconds) ? Math.max(1, seconds) : 5) * 1000,
      'teams',
    );
  }
  if (!response.ok || typeof body.access_token !== 'string') {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    // AADSTS descriptions name the problem (wrong secret, unknown app, wrong tenant) without echoing the secret.
    const description =
      typeof body.error_description === 'string' ? body.error_description.split('\n')[0] : '';
    if (response.status === 400 || response.status === 401) {
      throw new ConfigError(
        `Microsoft Entra refused the Teams bot credentials (${code}${description ? `: ${description}` : ''}): check the appId and appPassword credentials and the tenantId setting.`,
      );
    }
    throw new OmniloomError(`Teams token endpoint failed: ${code}`, {
      code: 'upstream_error',
      connector: 'teams',
      details: { status: response.status },
    });
  }
  const lifetimeSeconds =
    typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
  return {
    token: body.access_token,
    expiresAt: Date.now() + (Number.isFinite(lifetimeSeconds) ? lifetimeSeconds : 3600) * 1000,
  };
}

/** A valid bot token for this installation, from the cache when it has a fresh one. */
export async function getTeamsBotToken(account: ConnectorAccount): Promise<string> {
  const key = cacheKey(account);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return cached.token;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = requestToken(account)
      .then((fresh) => {
        tokens.set(key, fresh);
        return fresh.token;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/** Drops the cached token (the Bot Connector refused it), so the next call fetches a new one. */
export function forgetTeamsBotToken(account: ConnectorAccount): void {
  tokens.delete(cacheKey(account));
}
