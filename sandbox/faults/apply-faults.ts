import type { NextFunction, Request, Response } from 'express';
import type { FaultRules } from './fault-rules.ts';

/** Default bodies of injected answers, shaped like the real ones (Rails 500 JSON, Rack::Attack 429 text). */
function defaultBody(status: number): unknown {
  if (status === 429) return 'Retry later\n';
  if (status >= 500)
    return { status, error: status === 503 ? 'Service Unavailable' : 'Internal Server Error' };
  return { error: `Injected ${status}` };
}

/**
 * Middleware applying fault rules to application API requests: delay, drop the connection, or answer
 * the injected status (marked with `res.locals.faulted` so the response is not checked against the spec).
 */
export function applyFaults(rules: FaultRules) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const rule = rules.take(req.method, req.path);
    if (!rule) return next();
    if (rule.delayMs) await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
    if (rule.drop) {
      res.locals.faulted = true;
      req.socket.destroy();
      return;
    }
    if (rule.status === undefined) return next();
    res.locals.faulted = true;
    res.status(rule.status);
    for (const [name, value] of Object.entries(rule.headers ?? {})) res.setHeader(name, value);
    const body = rule.body ?? defaultBody(rule.status);
    if (typeof body === 'string') res.type('text/plain').send(body);
    else res.json(body);
  };
}
