import type { CookieOptions, Response } from 'express';
import { ADMIN_COOKIE, createAdminSession } from '../security/admin-session.ts';

/** Cookie flags of the admin session: never readable by scripts, not sent on cross-site subrequests or POSTs. */
export function sessionCookieOptions(publicUrl: string): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: publicUrl.startsWith('https://'), path: '/' };
}

/** Signs a new admin session and sets it on the response. */
export function startAdminSession(res: Response, sessionKey: Buffer, publicUrl: string): void {
  const session = createAdminSession(sessionKey);
  // The value is already URL-safe (`<digits>.<base64url>`); skip express's encoding so readAdminSession sees it verbatim.
  res.cookie(ADMIN_COOKIE, session.value, {
    ...sessionCookieOptions(publicUrl),
    maxAge: session.maxAgeMs,
    encode: String,
  });
}

export function endAdminSession(res: Response, publicUrl: string): void {
  res.clearCookie(ADMIN_COOKIE, sessionCookieOptions(publicUrl));
}

/**
 * Where to go after signing in: only a path on this site. Anything that a
 * browser could read as another origin (`//host`, `/\host`, a scheme) falls
 * back to the admin home, so the login form cannot be used as an open redirect.
 */
export function safeNextPath(next: unknown, fallback = '/admin'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || hasUnsafeCharacter(next))
    return fallback;
  try {
    const base = 'http://omniloom.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** Backslashes, whitespace and control characters: browsers normalise them in ways that can change the origin. */
function hasUnsafeCharacter(value: string): boolean {
  return (
    /[\\\s]/.test(value) ||
    [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)
  );
}
