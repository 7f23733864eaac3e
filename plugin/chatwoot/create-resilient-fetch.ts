import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { ChatwootApiError } from '../errors.ts';
import { silentLogger } from '../logger.ts';
import { classifyRequest, type ReconcileLookup, type RetryClassification } from './classify-request.ts';
import { parseRetryAfter } from './parse-retry-after.ts';
import { redactHeaders } from './redact-headers.ts';
import { RetryBudget } from './retry-budget.ts';

/** The fetch signature openapi-fetch calls. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Timeouts and retry tuning for one Chatwoot client. */
export interface ResilienceOptions {
  /** Per-attempt limit covering connect, headers and body. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First backoff step; doubles per retry, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Ceiling for one computed backoff. Default 8 000 ms. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` the client will sleep through. A longer one ends the
   * call with a ChatwootApiError carrying `retryAfterMs`, so a queue can
   * reschedule instead of holding a worker. Default 30 000 ms.
   */
  maxRetryAfterMs?: number;
  /** Shared retry budget; one per client by default. */
  budget?: RetryBudget;
  logger?: Logger;
  /** Transport; defaults to the global fetch. */
  fetch?: FetchLike;
}

/** What the resilient fetch did for a response it handed back. */
export interface AttemptReport {
  attempts: number;
  /** Set when a retryable failure was returned because retrying stopped. */
  gaveUp?: 'max-retries' | 'retry-budget' | 'retry-after-too-long' | 'not-retry-safe';
  retryAfterMs?: number;
}

const attemptReports = new WeakMap<Response, AttemptReport>();

/** Returns how many attempts produced `response` and why retrying stopped, if it did. */
export function getAttemptReport(response: Response): AttemptReport | undefined {
  return attemptReports.get(response);
}

/** HTTP statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Network error codes raised before any byte of the request reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

type Outcome =
  | { kind: 'response'; response: Response }
  | { kind: 'network'; error: unknown; code: string; notSent: boolean }
  | { kind: 'lookup-failed'; error: unknown };

/**
 * Wraps fetch with a per-attempt timeout, retries with exponential backoff and
 * jitter, `Retry-After` (seconds or HTTP date), a shared retry budget and
 * reconciliation for message creation (see classify-request.ts).
 *
 * HTTP failures come back as the final `Response` (openapi-fetch turns it into
 * `{ error }`); failures without a response throw `ChatwootApiError` with
 * status 0. A caller's own AbortSignal is never retried.
 */
export function createResilientFetch(options: ResilienceOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const budget = options.budget ?? new RetryBudget();
  const logger = options.logger ?? silentLogger();
  const transport: FetchLike = options.fetch ?? ((input) => fetch(input));

  function backoff(retry: number): number {
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
    return Math.round(cap / 2 + (Math.random() * cap) / 2);
  }

  async function send(template: Request, body: Uint8Array<ArrayBuffer> | undefined): Promise<Response> {
    const signal = AbortSignal.any([template.signal, AbortSignal.timeout(timeoutMs)]);
    const response = await transport(
      new Request(template.url, {
        method: template.method,
        headers: template.headers,
        body,
        signal,
        redirect: template.redirect,
      }),
    );
    // Reading the body inside the attempt puts slow or dropped bodies under the same timeout and retry rules.
    const bytes = new Uint8Array(await response.arrayBuffer());
    return rebuildResponse(response, bytes);
  }

  async function lookUp(template: Request, lookup: ReconcileLookup): Promise<Response | undefined> {
    const headers = new Headers(template.headers);
    headers.delete('content-type');
    headers.delete('content-length');
    const found = await send(
      new Request(lookup.url, { method: 'GET', headers, signal: template.signal }),
      undefined,
    );
    if (!found.ok) throw new Error(`lookup answered ${found.status}`);
    const record = lookup.match(await found.json());
    if (record === undefined) return undefined;
    return new Response(JSON.stringify(record), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }

  return async function resilientFetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const where = { method: request.method, path: url.pathname };
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const classification = await classify(request, url, body);
    let lookupPending = false;

    for (let attempt = 1; ; attempt++) {
      let outcome: Outcome | undefined;
      if (lookupPending && classification.lookup) {
        try {
          const existing = await lookUp(request, classification.lookup);
          if (existing) {
            logger.info(
              { ...where, attempt },
              'chatwoot: earlier attempt had succeeded; returning the existing record',
            );
            attemptReports.set(existing, { attempts: attempt - 1 });
            return existing;
          }
          lookupPending = false;
        } catch (error) {
          if (request.signal.aborted) throw error;
          outcome = { kind: 'lookup-failed', error };
        }
      }

      if (!outcome) {
        const started = Date.now();
        try {
          const response = await send(request, body);
          logger.debug(
            {
              ...where,
              attempt,
              status: response.status,
              ms: Date.now() - started,
              headers: redactHeaders(request.headers),
            },
            'chatwoot request',
          );
          if (!isRetryableStatus(response.status)) {
            if (response.ok) budget.recordSuccess();
            attemptReports.set(response, { attempts: attempt });
            return response;
          }
          outcome = { kind: 'response', response };
        } catch (error) {
          if (request.signal.aborted) throw error;
          const code = networkErrorCode(error);
          logger.debug(
            { ...where, attempt, code, ms: Date.now() - started },
            'chatwoot request failed without a response',
          );
          outcome = { kind: 'network', error, code, notSent: NOT_SENT_CODES.has(code) };
        }
      }

      const decision = decideRetry(classification, outcome);
      const retryAfterMs =
        outcome.kind === 'response'
          ? parseRetryAfter(outcome.response.headers.get('retry-after'))
          : undefined;
      let gaveUp: AttemptReport['gaveUp'];
      if (!decision.retry) gaveUp = 'not-retry-safe';
      else if (attempt > maxRetries) gaveUp = 'max-retries';
      else if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) gaveUp = 'retry-after-too-long';
      else if (!budget.tryAcquire()) gaveUp = 'retry-budget';

      if (gaveUp) {
        logger.warn(
          { ...where, attempts: attempt, reason: describe(outcome), gaveUp },
          'chatwoot request failed; not retrying',
        );
        return finish(outcome, { attempts: attempt, gaveUp, retryAfterMs }, where);
      }

      const wait = retryAfterMs ?? backoff(attempt - 1);
      logger.warn(
        { ...where, attempt, reason: describe(outcome), retryInMs: wait },
        'chatwoot request failed; retrying',
      );
      if (outcome.kind === 'response') await outcome.response.body?.cancel();
      lookupPending = decision.lookupFirst;
      await delay(wait, undefined, { signal: request.signal });
    }
  };
}

/** Decodes a POST body (JSON or multipart form fields) for classification. */
async function classify(
  request: Request,
  url: URL,
  body: Uint8Array<ArrayBuffer> | undefined,
): Promise<RetryClassification> {
  if (request.method.toUpperCase() !== 'POST') return { mode: 'idempotent' };
  return classifyRequest(request.method, url, await decodeFields(request.headers, body));
}

async function decodeFields(
  headers: Headers,
  body: Uint8Array<ArrayBuffer> | undefined,
): Promise<Record<string, unknown> | undefined> {
  if (!body || body.byteLength === 0) return undefined;
  const type = headers.get('content-type') ?? '';
  try {
    if (type.includes('json')) {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(body));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    }
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(body, { headers: { 'content-type': type } }).formData();
      const fields: Record<string, unknown> = {};
      form.forEach((value, key) => {
        if (typeof value === 'string') fields[key] = value;
      });
      return fields;
    }
  } catch {
    // An unreadable body is classified as if it had no fields: the safest (unsafe) mode.
  }
  return undefined;
}

function decideRetry(
  classification: RetryClassification,
  outcome: Outcome,
): { retry: boolean; lookupFirst: boolean } {
  if (classification.mode === 'idempotent') return { retry: true, lookupFirst: false };
  const provablyNotProcessed =
    (outcome.kind === 'response' && (outcome.response.status === 429 || outcome.response.status === 503)) ||
    (outcome.kind === 'network' && outcome.notSent);
  if (provablyNotProcessed) return { retry: true, lookupFirst: false };
  if (classification.mode === 'reconcile') return { retry: true, lookupFirst: true };
  return { retry: false, lookupFirst: false };
}

function finish(outcome: Outcome, report: AttemptReport, where: { method: string; path: string }): Response {
  if (outcome.kind === 'response') {
    attemptReports.set(outcome.response, report);
    return outcome.response;
  }
  const reason = describe(outcome);
  throw new ChatwootApiError(
    `Chatwoot ${where.method} ${where.path} failed without a response (${reason}); check that Chatwoot is reachable`,
    0,
    undefined,
    {
      cause: outcome.error,
      details: { ...where, attempts: report.attempts, gaveUp: report.gaveUp, reason },
    },
  );
}

function describe(outcome: Outcome): string {
  if (outcome.kind === 'response') return `HTTP ${outcome.response.status}`;
  if (outcome.kind === 'network') return outcome.code;
  return `lookup failed: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`;
}

/** Finds the most specific error code in a fetch failure (undici nests it in `cause`). */
function networkErrorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof Error && current.name === 'TimeoutError') return 'TIMEOUT';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { errors?: unknown[] }).errors;
    const first = Array.isArray(nested) ? (nested[0] as { code?: unknown } | undefined) : undefined;
    if (typeof first?.code === 'string') return first.code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : 'NETWORK_ERROR';
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function rebuildResponse(response: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers(response.headers);
  // The body is now whole and decoded: the old framing and encoding headers no longer describe it
  // (openapi-fetch reads `content-length: 0` as "no body", which chunked framing would defeat).
  headers.delete('content-encoding');
  headers.delete('transfer-encoding');
  headers.set('content-length', String(bytes.byteLength));
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
