/**
 * Signed double-submit CSRF tokens. A form carries an HMAC of a cookie the
 * browser holds; a cross-site page can neither read that cookie nor compute
 * the HMAC without the server's key, so it cannot forge the form field.
 * See https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html#signed-double-submit-cookie-recommended
 */
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../security/constant-time.ts';

/** Form field every admin POST form carries. */
export const CSRF_FIELD = '_csrf';
/** Cookie holding the random value the login form's token is bound to (there is no session yet). */
export const LOGIN_NONCE_COOKIE = 'omniloom_login';

/** Token for forms posted by a signed-in admin: bound to their session cookie value. */
export function csrfTokenFor(sessionKey: Buffer, sessionCookie: string): string {
  return sign(sessionKey, `session\0${sessionCookie}`);
}

/** Token for the login form: bound to the random nonce in {@link LOGIN_NONCE_COOKIE}. */
export function loginTokenFor(sessionKey: Buffer, nonce: string): string {
  return sign(sessionKey, `login\0${nonce}`);
}

export function newLoginNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** Compares a submitted token with the expected one in constant time; a missing side never matches. */
export function tokenMatches(submitted: unknown, expected: string | undefined): boolean {
  if (typeof submitted !== 'string' || submitted === '' || !expected) return false;
  return safeEqual(submitted, expected);
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
