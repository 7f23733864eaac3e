/**
 * Turns openapi-fetch results into plain values or `ChatwootApiError`s, and
 * unwraps Chatwoot's envelopes. Chatwoot wraps some bodies in `payload`, some
 * in `data.payload` and returns others directly (README §1), so each typed
 * method names the envelope it expects and gets a clear error when it differs.
 */
import { ChatwootApiError } from '../errors.ts';
import { getAttemptReport } from './create-resilient-fetch.ts';
import { parseRetryAfter } from './parse-retry-after.ts';

/** The part of an openapi-fetch result the helpers read. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** Operator hints per status, in the style "what to fix". */
function hintFor(status: number): string {
  if (status === 401) return 'check the Chatwoot access token';
  if (status === 403)
    return 'the token lacks permission for this call (an administrator token may be needed)';
  if (status === 404) return 'check the account id and the record id';
  if (status === 422) return 'Chatwoot rejected the input';
  if (status === 429) return 'Chatwoot is rate limiting this client';
  if (status >= 500) return 'Chatwoot failed or is unavailable';
  return 'unexpected response';
}

/** Chatwoot's error bodies: `{ error }`, `{ message }`, `{ errors: [...] }` or `{ description }`. */
function summarize(body: unknown): string | undefined {
  if (typeof body === 'string') return body.slice(0, 200) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error', 'message', 'description']) {
    if (typeof record[key] === 'string') return record[key].slice(0, 200);
  }
  if (Array.isArray(record.errors)) return JSON.stringify(record.errors).slice(0, 200);
  return undefined;
}

/** Builds the error for a non-2xx response. */
export function toChatwootApiError(what: string, result: FetchResult): ChatwootApiError {
  const { response, error } = result;
  const report = getAttemptReport(response);
  const retryAfterMs = report?.retryAfterMs ?? parseRetryAfter(response.headers.get('retry-after'));
  const detail = summarize(error);
  const attempts = report && report.attempts > 1 ? ` after ${report.attempts} attempts` : '';
  return new ChatwootApiError(
    `Chatwoot ${what} failed with HTTP ${response.status}${attempts}: ${hintFor(response.status)}${detail ? ` (${detail})` : ''}`,
    response.status,
    error,
    {
      retryAfterMs,
      details: { operation: what, attempts: report?.attempts, gaveUp: report?.gaveUp },
    },
  );
}

/** Awaits an openapi-fetch call and returns its parsed body, throwing `ChatwootApiError` on non-2xx. */
export async function expectOk(what: string, pending: Promise<FetchResult>): Promise<unknown> {
  const result = await pending;
  if (!result.response.ok) throw toChatwootApiError(what, result);
  return result.data;
}

/** An error for a 2xx body whose envelope is not what Chatwoot documents. */
export function unexpectedShape(what: string, expected: string, body: unknown): ChatwootApiError {
  return new ChatwootApiError(
    `Chatwoot ${what} returned an unexpected body; expected ${expected}`,
    200,
    body,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A direct object with a numeric `id`. */
export function expectRecord<T>(what: string, body: unknown): T {
  if (isObject(body) && typeof body.id === 'number') return body as T;
  throw unexpectedShape(what, 'an object with an id', body);
}

/** A direct JSON array. */
export function expectArray<T>(what: string, body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  throw unexpectedShape(what, 'an array', body);
}

/** `{ payload: X }` → X (the object form). */
export function unwrapPayloadRecord<T>(what: string, body: unknown): T {
  if (isObject(body) && isObject(body.payload)) return body.payload as T;
  throw unexpectedShape(what, '{ payload: {...} }', body);
}

/** `{ payload: [...], meta? }` → the array and meta. */
export function unwrapPayloadList<T, M = Record<string, unknown>>(
  what: string,
  body: unknown,
): { items: T[]; meta: M } {
  if (isObject(body) && Array.isArray(body.payload)) {
    return { items: body.payload as T[], meta: (isObject(body.meta) ? body.meta : {}) as M };
  }
  throw unexpectedShape(what, '{ payload: [...] }', body);
}

/** `{ data: { payload: [...], meta } }` → the array and meta (conversation lists). */
export function unwrapDataPayloadList<T, M = Record<string, unknown>>(
  what: string,
  body: unknown,
): { items: T[]; meta: M } {
  if (isObject(body) && isObject(body.data)) return unwrapPayloadList<T, M>(what, body.data);
  throw unexpectedShape(what, '{ data: { payload: [...] } }', body);
}

/** The value under `key` of an object body, or undefined when the body is empty. */
export function pick(body: unknown, key: string): unknown {
  return isObject(body) ? body[key] : undefined;
}
