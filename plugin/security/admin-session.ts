import { createHmac } from 'node:crypto';
import { safeEqual } from './constant-time.ts';

export const ADMIN_COOKIE = 'omniloom_admin';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A stateless admin session: `<expiry>.<hmac>` signed with a key derived from the admin token. */
export function createAdminSession(sessionKey: Buffer, now = Date.now()): { value: string; maxAgeMs: number } {
  const expires = String(now + SESSION_TTL_MS);
  return { value: `${expires}.${sign(sessionKey, expires)}`, maxAgeMs: SESSION_TTL_MS };
}

export function readAdminSession(cookieHeader: string | undefined, sessionKey: Buffer, now = Date.now()): boolean {
  const value = parseCookie(cookieHeader, ADMIN_COOKIE);
  if (!value) return false;
  const [expires, signature] = value.split('.');
  if (!expires || !signature || !/^\d+$/.test(expires)) return false;
  if (Number(expires) < now) return false;
  return safeEqual(signature, sign(sessionKey, expires));
}

export function sessionKeyFor(adminToken: string): Buffer {
  return createHmac('sha256', 'omniloom-admin-session').update(adminToken).digest();
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}
