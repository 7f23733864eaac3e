import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BadRequestError, ChatwootApiError, OmniloomError, QueueUnavailableError, VerificationError } from '../errors.ts';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Turns anything thrown by a route into one JSON error shape; 5xx only for our own faults. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const { status, body, retryAfterSeconds } = describeError(error);
    if (error instanceof QueueUnavailableError) {
      // Expected while Redis restarts, once per request: the queue's connection logs the outage itself.
      logger.warn(
        { method: req.method, path: req.path, status, code: body.error.code },
        'request turned away: job queue unavailable',
      );
    } else if (status >= 500) {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    } else {
      logger.info({ method: req.method, path: req.path, status, code: body.error.code }, 'request rejected');
    }
    if (res.headersSent) return;
    if (retryAfterSeconds !== undefined) res.set('Retry-After', String(retryAfterSeconds));
    res.status(status).json(body);
  };
}

export function describeError(error: unknown): { status: number; body: ErrorBody; retryAfterSeconds?: number } {
  const bodyParserError = error as BodyParserError;
  switch (bodyParserError?.type) {
    case 'entity.parse.failed':
      return reply(400, 'bad_request', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return reply(413, 'payload_too_large', `The request body is larger than the ${bodyParserError.limit ?? ''} byte limit.`.replace('  ', ' '));
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return reply(415, 'unsupported_media_type', 'The request body uses an unsupported encoding or charset.');
    case 'request.aborted':
      return reply(400, 'bad_request', 'The request was aborted before its body arrived.');
    default:
      break;
  }
  if (error instanceof VerificationError) {
    return reply(401, error.code, error.message);
  }
  if (error instanceof BadRequestError) {
    return reply(error.status, error.code, error.message, error.details);
  }
  if (error instanceof QueueUnavailableError) {
    // Nothing was queued: a 503 makes channels deliver again, a 2xx would lose the message.
    const unavailable = reply(503, error.code, 'Omniloom cannot queue work right now; try again shortly.');
    return { ...unavailable, retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)) };
  }
  if (error instanceof ChatwootApiError) {
    // Chatwoot failed the request, not the caller: a gateway error that says which call and why.
    return reply(502, error.code, error.message);
  }
  if (error instanceof OmniloomError && error.code === 'rate_limited') {
    return reply(429, error.code, error.message);
  }
  // Other errors that carry a 4xx are the sender's fault: a corrupt gzip body (body-parser), a malformed
  // %-escape in a path parameter (the router). Without this they would be reported as our 500.
  const status = (error as { status?: unknown } | null)?.status;
  if (!(error instanceof OmniloomError) && typeof status === 'number' && status >= 400 && status < 500) {
    return reply(status, 'bad_request', 'The request could not be read: check its encoding and URL.');
  }
  return reply(500, 'internal', 'Something went wrong on our side; the error was logged.');
}

function reply(status: number, code: string, message: string, details?: Record<string, unknown>) {
  return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}.` } });
};
