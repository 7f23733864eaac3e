import cookieParser from 'cookie-parser';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { UnauthorizedError } from '../errors.ts';
import { describeError } from '../http/error-handler.ts';
import type { Logger } from '../logger.ts';
import { sessionCookieOf, usesBearerToken } from './admin-context.ts';
import { CSRF_FIELD, csrfTokenFor, tokenMatches } from './csrf-token.ts';
import { noticeFrom } from './flash-notices.ts';
import { createPageRenderer, type PageFrame, type RenderPage } from './render-page.ts';

/**
 * What a feature's own admin pages (routing, analytics) share with the core
 * admin pages: the layout and views of plugin/admin/views, the admin check,
 * the CSRF check on POST, and error pages. Mount the feature's router before
 * `createAdminRouter`, whose catch-all answers unknown /admin paths.
 */
export interface FeaturePageKit {
  /** cookie parsing, admin sign-in, CSRF token on POST. */
  guard: RequestHandler[];
  /**
   * The guard for a form whose body another parser reads (multipart uploads):
   * the parser runs after sign-in, so strangers' uploads are never parsed, and
   * before the CSRF check, which needs the token from the body.
   */
  guardWith(bodyParser: RequestHandler): RequestHandler[];
  frame(req: Request, title: string): PageFrame;
  send(res: Response, status: number, view: string, context: PageFrame & Record<string, unknown>): void;
  /** Renders errors as admin pages for browsers (sign-in redirect on 401); API clients get the usual JSON. */
  errors: ErrorRequestHandler;
}

export function createFeaturePageKit(options: {
  requireAdmin: RequestHandler;
  sessionKey: Buffer;
  logger: Logger;
  render?: RenderPage;
}): FeaturePageKit {
  const render = options.render ?? createPageRenderer();
  const csrf: RequestHandler = (req, _res, next) => {
    if (req.method !== 'POST' || usesBearerToken(req)) return next();
    const session = sessionCookieOf(req);
    const submitted = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (tokenMatches(submitted, session && csrfTokenFor(options.sessionKey, session))) return next();
    next(
      new UnauthorizedError(
        'This form expired or was not sent from the Omniloom admin pages. Go back, reload the page and submit it again.',
        403,
      ),
    );
  };
  const frame = (req: Request, title: string): PageFrame => {
    const session = usesBearerToken(req) ? undefined : sessionCookieOf(req);
    return {
      title,
      section: 'installations',
      signedIn: session !== undefined,
      csrfToken: session ? csrfTokenFor(options.sessionKey, session) : '',
      notice: noticeFrom(req.query),
    };
  };
  const send: FeaturePageKit['send'] = (res, status, view, context) => {
    res.status(status).set('Cache-Control', 'no-store').type('html').send(render(view, context));
  };
  const errors: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent || usesBearerToken(req) || req.accepts(['html', 'json']) !== 'html')
      return next(error);
    const { status, body } = describeError(error);
    if (status === 401) {
      const back = req.method === 'GET' ? req.originalUrl : '/admin';
      return res.redirect(303, `/admin/login?next=${encodeURIComponent(back)}`);
    }
    if (status >= 500)
      options.logger.error({ err: error, method: req.method, path: req.path }, 'admin page failed');
    send(res, status, 'error', {
      ...frame(req, status === 404 ? 'Not found' : 'Something went wrong'),
      status,
      message: body.error.message,
    });
  };
  return {
    guard: [cookieParser(), options.requireAdmin, csrf],
    guardWith: (bodyParser) => [cookieParser(), options.requireAdmin, bodyParser, csrf],
    frame,
    send,
    errors,
  };
}
