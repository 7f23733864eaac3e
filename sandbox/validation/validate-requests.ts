import type { NextFunction, Request, Response } from 'express';
import type { ExchangeRequest, ExchangeValidator } from './validate-exchange.ts';

/** Paths of the sandbox itself (hooks, page, files), which are not part of Chatwoot's API spec. */
export function isSandboxOwnPath(path: string): boolean {
  return (
    path === '/' ||
    path === '/favicon.ico' ||
    path.startsWith('/__sandbox') ||
    path.startsWith('/ui/') ||
    path.startsWith('/rails/active_storage/')
  );
}

/**
 * Middleware validating every API request against the spec and, once answered, its response
 * (responses injected by faults are skipped).
 */
export function validateRequests(validator: ExchangeValidator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isSandboxOwnPath(req.path)) return next();
    const request: ExchangeRequest = {
      method: req.method,
      path: req.path,
      query: (req.query ?? {}) as Record<string, unknown>,
      contentType: req.get('content-type'),
      body: req.body,
      hasBody: Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined,
    };
    const operation = validator.checkRequest(request);
    if (!operation) return next();
    const chunks: Buffer[] = [];
    const originalWrite = res.write.bind(res) as (...args: unknown[]) => boolean;
    const originalEnd = res.end.bind(res) as (...args: unknown[]) => Response;
    const capture = (chunk: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((...args: unknown[]) => {
      capture(args[0]);
      return originalWrite(...args);
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      if (typeof args[0] !== 'function') capture(args[0]);
      return originalEnd(...args);
    }) as Response['end'];
    res.on('finish', () => {
      if (res.locals.faulted) return;
      validator.checkResponse(operation, request, {
        status: res.statusCode,
        contentType: res.get('content-type'),
        body: Buffer.concat(chunks).toString('utf8'),
      });
    });
    next();
  };
}
