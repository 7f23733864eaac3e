import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors.ts';
import { safeEqual } from './constant-time.ts';
import { readAdminSession } from './admin-session.ts';

/** Admin routes accept `Authorization: Bearer <admin token>` or the signed session cookie set by the login form. */
export function requireAdmin(options: { adminToken: string; sessionKey: Buffer; loginPath?: string }): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      if (safeEqual(header.slice('Bearer '.length).trim(), options.adminToken)) return next();
      return next(new UnauthorizedError('The admin token is not valid.'));
    }
    if (readAdminSession(req.headers.cookie, options.sessionKey)) return next();
    if (options.loginPath && req.method === 'GET' && req.accepts(['html', 'json']) === 'html') {
      return res.redirect(303, `${options.loginPath}?next=${encodeURIComponent(req.originalUrl)}`);
    }
    return next(new UnauthorizedError('Admin authentication required: send Authorization: Bearer <OMNILOOM_ADMIN_TOKEN>.'));
  };
}
