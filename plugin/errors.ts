/**
 * Errors carry a stable `code` so callers, logs and HTTP responses can react to
 * the kind of failure rather than to message text.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'connector_bad_signature'
  | 'connector_missing_header'
  | 'connector_stale_request'
  | 'rate_limited'
  | 'chatwoot_api_error'
  | 'upstream_error'
  | 'queue_unavailable'
  | 'internal';

export interface OmniloomErrorOptions {
  code: ErrorCode;
  connector?: string;
  cause?: unknown;
  /** Extra context safe to log (never secrets). */
  details?: Record<string, unknown>;
}

export class OmniloomError extends Error {
  readonly code: ErrorCode;
  readonly connector?: string;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: OmniloomErrorOptions) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.connector = options.connector;
    this.details = options.details;
  }
}

/** A setting is missing or wrong; the message names the variable to fix. */
export class ConfigError extends OmniloomError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'config_invalid', cause });
  }
}

/** Input from a client is malformed; maps to a 4xx response. */
export class BadRequestError extends OmniloomError {
  readonly status: number;
  constructor(message: string, status = 400, code: ErrorCode = 'bad_request', details?: Record<string, unknown>) {
    super(message, { code, details });
    this.status = status;
  }
}

export class NotFoundError extends BadRequestError {
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}

export class UnauthorizedError extends BadRequestError {
  constructor(message = 'Authentication required', status: 401 | 403 = 401) {
    super(message, status, status === 401 ? 'unauthorized' : 'forbidden');
  }
}

/** A webhook failed the channel's own authenticity check. */
export class VerificationError extends OmniloomError {
  readonly reason: string;
  constructor(connector: string, reason: string) {
    super(`${connector} request failed verification: ${reason}`, {
      code: reason === 'stale' ? 'connector_stale_request' : reason === 'missing-header' ? 'connector_missing_header' : 'connector_bad_signature',
      connector,
    });
    this.reason = reason;
  }
}

/** A remote API asked us to slow down. `retryAfterMs` comes from its Retry-After. */
export class RateLimitError extends OmniloomError {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, connector?: string) {
    super(message, { code: 'rate_limited', connector });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The job queue cannot take work right now (Redis is unreachable or too slow). Nothing was acknowledged, so
 * the sender should try again after `retryAfterMs`: it maps to 503 with Retry-After.
 */
export class QueueUnavailableError extends OmniloomError {
  readonly retryAfterMs: number;
  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { code: 'queue_unavailable', cause: options.cause });
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
  }
}

/** Extra context for a failed Chatwoot call; all optional so older call sites keep working. */
export interface ChatwootApiErrorOptions {
  /** The underlying network error (status 0) or parse failure. */
  cause?: unknown;
  /** Chatwoot's Retry-After, when it sent one, so a queue can reschedule instead of spinning. */
  retryAfterMs?: number;
  /** Safe-to-log context such as method, path and attempts (never headers or tokens). */
  details?: Record<string, unknown>;
}

/** A Chatwoot API call failed. `status` is 0 when no HTTP response arrived (network error, timeout). */
export class ChatwootApiError extends OmniloomError {
  readonly status: number;
  readonly body: unknown;
  readonly retryAfterMs?: number;
  constructor(message: string, status: number, body?: unknown, options: ChatwootApiErrorOptions = {}) {
    super(message, { code: 'chatwoot_api_error', cause: options.cause, details: { ...options.details, status } });
    this.status = status;
    this.body = body;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** 429 and 5xx are worth another try; other 4xx are our fault and will not heal. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}

/** Wraps anything thrown into an OmniloomError so logs and responses stay uniform. */
export function asOmniloomError(error: unknown): OmniloomError {
  if (error instanceof OmniloomError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OmniloomError(message, { code: 'internal', cause: error });
}
