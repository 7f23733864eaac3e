import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { describeError } from '../http/error-handler.ts';
import { UnauthorizedError } from '../errors.ts';
import {
  createAdminContext,
  sessionCookieOf,
  usesBearerToken,
  type AdminContext,
  type AdminDeps,
} from './admin-context.ts';
import { CSRF_FIELD, csrfTokenFor, tokenMatches } from './csrf-token.ts';
import { createPageRenderer } from './render-page.ts';
import { createInstallRouter } from './routes/install-routes.ts';
import { createInstallationRouter } from './routes/installation-routes.ts';
import { createInstallationsListRouter } from './routes/installations-list-route.ts';
import { createLoginRouter } from './routes/login-routes.ts';

export type { AdminDeps } from './admin-context.ts';

const ASSETS_DIR = fileURLToPath(new URL('./public', import.meta.url));

/**
 * The server-rendered admin pages under `/admin`: sign-in, installations,
 * the install form and each installation's settings, channels and status.
 * They work without client JavaScript: plain forms, POST then 303 redirect.
 */
export function createAdminRouter(deps: AdminDeps): Router {
  const ctx = createAdminContext(deps, createPageRenderer());
  const router = Router();

  router.use('/admin/assets', express.static(ASSETS_DIR, { fallthrough: false, index: false, maxAge: '1h' }));
  router.use('/admin', cookieParser());

  const { login, logout } = createLoginRouter(ctx);
  router.use(login);
  router.use('/admin', deps.requireAdmin, requireCsrfToken(deps));
  router.use(logout);
  router.use(createInstallationsListRouter(ctx));
  router.use(createInstallRouter(ctx));
  router.use(createInstallationRouter(ctx));
  router.use('/admin', (req, res) => {
    ctx.send(res, 404, 'error', {
      ...ctx.frame(req, 'Not found'),
      status: 404,
      message: `There is no admin page at ${req.originalUrl.split('?')[0]}.`,
    });
  });
  router.use(renderAdminError(ctx));
  return router;
}

/**
 * Every POST from a signed-in browser must carry the CSRF token of its
 * session. Bearer-token clients are exempt: a browser never attaches that
 * header on its own, so a forged cross-site form cannot use it.
 */
function requireCsrfToken(deps: AdminDeps): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST' || usesBearerToken(req)) return next();
    const session = sessionCookieOf(req);
    const submitted = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
    if (tokenMatches(submitted, session && csrfTokenFor(deps.sessionKey, session))) return next();
    next(
      new UnauthorizedError(
        'This form expired or was not sent from the Omniloom admin pages. Go back, reload the page and submit it again.',
        403,
      ),
    );
  };
}

/** Errors on admin pages render as pages for browsers (sign-in redirect on 401) and as the usual JSON for API clients. */
function renderAdminError(ctx: AdminContext): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent || usesBearerToken(req) || req.accepts(['html', 'json']) !== 'html')
      return next(error);
    const described = describeError(error);
    // express.static reports a missing asset as an http-errors 404, which describeError does not know.
    const httpStatus = (error as { status?: unknown } | null)?.status;
    const { status, message } =
      described.status === 500 && typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500
        ? {
            status: httpStatus,
            message: httpStatus === 404 ? 'That file does not exist.' : 'The request was not accepted.',
          }
        : { status: described.status, message: described.body.error.message };
    if (status === 401) {
      const back = req.method === 'GET' ? req.originalUrl : '/admin';
      return res.redirect(303, `/admin/login?next=${encodeURIComponent(back)}`);
    }
    if (status >= 500)
      ctx.deps.logger.error({ err: error, method: req.method, path: req.path }, 'admin page failed');
    ctx.send(res, status, 'error', {
      ...ctx.frame(req, status === 404 ? 'Not found' : 'Something went wrong'),
      status,
      message,
    });
  };
}
