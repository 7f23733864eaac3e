import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';

/** Lifetime of one panel session token; the panel renews it before it runs out. */
export const SESSION_TTL_MS = 15 * 60 * 1000;
/** A panel left open keeps renewing for at most this long after the page was loaded; then it must be reloaded. */
export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
/** Header the panel sends its session in (a header, not a cookie: no cross-site request can carry it). */
export const SESSION_HEADER = 'x-omniloom-dashboard-session';
/** Purpose string of the signing key derived from the secret key. */
export const SESSION_KEY_PURPOSE = 'dashboard-session';

const AUDIENCE = 'omniloom-dashboard';
const ALGORITHM = 'HS256';

/** What a valid token says. */
export interface DashboardSession {
  installationId: string;
  expiresAt: Date;
  /** When the panel page first issued the chain of renewed tokens this one belongs to. */
  since: Date;
}

export type SessionFailure = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'wrong-installation';

export type SessionCheck = { ok: true; session: DashboardSession } | { ok: false; reason: SessionFailure };

export interface IssueOptions {
  installationId: string;
  now?: Date;
  ttlMs?: number;
  /** Start of the renewal chain (renewals keep the original page load time). */
  since?: Date;
}

/**
 * Signs a short-lived panel session bound to one installation: a compact
 * HS256 JWT (`sub` = installation id) with a key derived from the secret key.
 * It proves only that the bearer loaded the installation's panel recently;
 * which conversation or contact it may touch is checked against Chatwoot on
 * every request.
 */
export async function issueDashboardSession(
  key: Uint8Array,
  options: IssueOptions,
): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const since = options.since ?? now;
  const expiresAt = new Date(
    Math.min(now.getTime() + (options.ttlMs ?? SESSION_TTL_MS), since.getTime() + SESSION_MAX_AGE_MS),
  );
  const token = await new SignJWT({ since: Math.floor(since.getTime() / 1000) })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(options.installationId)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .setJti(randomUUID())
    .sign(key);
  return { token, expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) };
}

/**
 * Checks a panel session for one installation. Pure apart from the clock,
 * which callers inject; never throws for a bad token.
 */
export async function verifyDashboardSession(
  key: Uint8Array,
  token: unknown,
  options: { installationId: string; now?: Date },
): Promise<SessionCheck> {
  if (typeof token !== 'string' || token === '') return { ok: false, reason: 'missing' };
  if (token.length > 2048) return { ok: false, reason: 'malformed' };
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [ALGORITHM],
      audience: AUDIENCE,
      currentDate: options.now ?? new Date(),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    if (payload.sub !== options.installationId) return { ok: false, reason: 'wrong-installation' };
    const since = typeof payload.since === 'number' ? payload.since : (payload.iat as number);
    return {
      ok: true,
      session: {
        installationId: payload.sub,
        expiresAt: new Date((payload.exp as number) * 1000),
        since: new Date(since * 1000),
      },
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'expired' };
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      return { ok: false, reason: 'bad-signature' };
    return { ok: false, reason: 'malformed' };
  }
}

/** Operator- and agent-facing text for a failed check. */
export function describeSessionFailure(reason: SessionFailure): string {
  switch (reason) {
    case 'missing':
      return `A dashboard session is required: send the ${SESSION_HEADER} header the panel page was rendered with.`;
    case 'expired':
      return 'The dashboard session expired; reload the Omniloom panel.';
    case 'wrong-installation':
      return 'This dashboard session belongs to another installation.';
    case 'bad-signature':
    case 'malformed':
      return 'The dashboard session is not valid; reload the Omniloom panel.';
  }
}
