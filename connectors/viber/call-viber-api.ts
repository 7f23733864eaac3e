/**
 * One REST call to the Viber Bot API: `POST <apiBaseUrl>/<method>` with the
 * token in `X-Viber-Auth-Token` and a JSON body. Viber answers HTTP 200 even
 * for failures and puts the outcome in `status` (0 = ok); the failures are
 * mapped onto Omniloom errors here.
 * https://developers.viber.com/docs/api/rest-bot-api/#error-codes
 */
import { ConfigError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import type { ConnectorAccount } from '../core/connector.ts';
import { readViberSettings, requireViberAuthToken } from './read-viber-account.ts';
import { parseJsonKeepingLongIntegers } from './read-viber-json.ts';
import { type ViberApiAnswer, viberApiAnswerSchema } from './viber-payloads.ts';

/** Viber's `status` 12 carries no Retry-After; wait this long before the queue tries again. */
export const VIBER_RATE_LIMIT_BACKOFF_MS = 30_000;

/** Statuses that only the operator can fix (token, account state, webhook). */
const CONFIG_STATUSES: Record<number, string> = {
  2: 'the auth token is invalid: update the authToken credential',
  7: 'the bot account is blocked',
  8: 'the bot account was not found: check the authToken credential',
  9: 'the bot account is suspended',
  10: 'no webhook is set: run `omniloom channel register-webhook viber` before sending',
  15: 'the bot account is not authorized to send',
};
const TOO_MANY_REQUESTS = 12;

function upstream(message: string, details: Record<string, unknown>, cause?: unknown): OmniloomError {
  return new OmniloomError(message, { code: 'upstream_error', connector: 'viber', cause, details });
}

function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, seconds) * 1000;
  const date = header ? Date.parse(header) : Number.NaN;
  return Number.isFinite(date) ? Math.max(1000, date - Date.now()) : VIBER_RATE_LIMIT_BACKOFF_MS;
}

/** Throws the Omniloom error for a non-zero Viber `status`; returns the answer when it is 0. */
export function checkViberAnswer(method: string, answer: ViberApiAnswer): ViberApiAnswer {
  if (answer.status === 0) return answer;
  const label = answer.status_message ?? `status ${answer.status}`;
  if (answer.status === TOO_MANY_REQUESTS) {
    throw new RateLimitError(
      `Viber rate limit on ${method} (${label})`,
      VIBER_RATE_LIMIT_BACKOFF_MS,
      'viber',
    );
  }
  const configProblem = CONFIG_STATUSES[answer.status];
  if (configProblem) throw new ConfigError(`Viber refused ${method}: ${configProblem} (${label}).`);
  throw upstream(`Viber ${method} failed: ${label}`, {
    method,
    viberStatus: answer.status,
    viberStatusMessage: answer.status_message,
  });
}

/** POSTs `body` to the Bot API `method` (e.g. `send_message`) and returns the successful answer. */
export async function callViberApi(
  account: ConnectorAccount,
  method: string,
  body: Record<string, unknown>,
): Promise<ViberApiAnswer> {
  const token = requireViberAuthToken(account);
  const { apiBaseUrl } = readViberSettings(account);
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-viber-auth-token': token },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw upstream(`Viber ${method} request failed: ${(error as Error).message}`, { method }, error);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RateLimitError(
      `Viber rate limit on ${method}`,
      retryAfterMs(response.headers.get('retry-after')),
      'viber',
    );
  }
  const text = await response.text();
  if (!response.ok) {
    throw upstream(`Viber ${method} answered HTTP ${response.status}`, { method, status: response.status });
  }
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingLongIntegers(text);
  } catch (error) {
    throw upstream(`Viber ${method} answered with invalid JSON`, { method }, error);
  }
  const answer = viberApiAnswerSchema.safeParse(parsed);
  if (!answer.success) throw upstream(`Viber ${method} answered without a status`, { method });
  return checkViberAnswer(method, answer.data);
}
