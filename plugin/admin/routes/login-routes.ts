import { Router, type Request, type Response } from 'express';
import { readAdminSession } from '../../security/admin-session.ts';
import { safeEqual } from '../../security/constant-time.ts';
import type { AdminContext } from '../admin-context.ts';
import { CSRF_FIELD, LOGIN_NONCE_COOKIE, loginTokenFor, newLoginNonce, tokenMatches } from '../csrf-token.ts';
import { endAdminSession, safeNextPath, sessionCookieOptions, startAdminSession } from '../session-cookie.ts';

const LOGIN_PATH = '/admin/login';

/** `GET/POST /admin/login` (no authentication needed) and `POST /admin/logout` (mounted behind it). */
export function createLoginRouter(ctx: AdminContext): { login: Router; logout: Router } {
  const { deps } = ctx;
  const login = Router();

  login.get(LOGIN_PATH, (req, res) => {
    const next = safeNextPath(req.query.next);
    if (readAdminSession(req.headers.cookie, deps.sessionKey)) return res.redirect(303, next);
    showLogin(req, res, 200, next);
  });

  login.post(LOGIN_PATH, (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNextPath(body.next);
    const nonce = loginNonceOf(req);
    if (!tokenMatches(body[CSRF_FIELD], nonce && loginTokenFor(deps.sessionKey, nonce))) {
      return showLogin(
        req,
        res,
        403,
        next,
        'The sign-in form expired or came from another site. Enter the token again.',
      );
    }
    if (typeof body.token !== 'string' || !safeEqual(body.token.trim(), deps.adminToken)) {
      deps.logger.info({ ip: req.ip }, 'admin sign-in rejected: wrong token');
      return showLogin(
        req,
        res,
        401,
        next,
        'That admin token is not valid. Use the value of OMNILOOM_ADMIN_TOKEN.',
      );
    }
    startAdminSession(res, deps.sessionKey, deps.publicUrl);
    res.clearCookie(LOGIN_NONCE_COOKIE, nonceCookieOptions(deps.publicUrl));
    res.redirect(303, next);
  });

  const logout = Router();
  logout.post('/admin/logout', (_req, res) => {
    endAdminSession(res, deps.publicUrl);
    res.redirect(303, `${LOGIN_PATH}?notice=signed-out`);
  });

  function showLogin(req: Request, res: Response, status: number, next: string, error?: string): void {
    let nonce = loginNonceOf(req);
    if (!nonce || status === 403) {
      nonce = newLoginNonce();
      res.cookie(LOGIN_NONCE_COOKIE, nonce, {
        ...nonceCookieOptions(deps.publicUrl),
        maxAge: 60 * 60 * 1000,
      });
    }
    ctx.send(res, status, 'login', {
      ...ctx.frame(req, 'Sign in'),
      signedIn: false,
      hideNav: true,
      loginToken: loginTokenFor(deps.sessionKey, nonce),
      next,
      error,
    });
  }

  return { login, logout };
}

function loginNonceOf(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[LOGIN_NONCE_COOKIE];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function nonceCookieOptions(publicUrl: string) {
  return { ...sessionCookieOptions(publicUrl), path: LOGIN_PATH };
}
