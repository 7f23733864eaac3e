/**
 * The pure half of Bot Connector request authentication. Every request from
 * Teams carries `Authorization: Bearer <JWT>` signed by the Bot Framework;
 * this reads the token's header and claims without the signing keys and
 * rejects what can be rejected from the bytes alone: issuer, audience (the
 * bot's app id), expiry with a small clock skew, and the `serviceurl` claim,
 * which must equal the activity's `serviceUrl` (the token binds the body only
 * through it). The signature itself is checked by `verifyTeamsTokenSignature`.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 */
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import { readHeader } from '../core/verify-helpers.ts';

/** `iss` of every token the Bot Connector sends to a bot. */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
/** Algorithms the Bot Framework signs with. */
export const TEAMS_SIGNING_ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** Tolerated clock difference with Microsoft's token service, in seconds. */
export const TEAMS_CLOCK_SKEW_SECONDS = 120;

/** A bearer token as far as it can be read without keys. */
export interface ReadTeamsToken {
  token: string;
  alg: string | undefined;
  kid: string | undefined;
  claims: JWTPayload;
}

/** The bearer token, `missing-header` without an Authorization header, `bad-signature` when it is no JWT. */
export function readTeamsBearer(raw: RawRequest): ReadTeamsToken | 'missing-header' | 'bad-signature' {
  const header = readHeader(raw.headers, 'authorization')?.trim();
  if (!header) return 'missing-header';
  const match = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(header);
  if (!match?.[1]) return 'bad-signature';
  try {
    const protectedHeader = decodeProtectedHeader(match[1]);
    return {
      token: match[1],
      alg: protectedHeader.alg,
      kid: protectedHeader.kid,
      claims: decodeJwt(match[1]),
    };
  } catch {
    return 'bad-signature';
  }
}

/** `serviceUrl` and `channelId` of the activity in the body, if it is one. */
export function readActivityRouting(rawBody: Buffer): { serviceUrl?: string; channelId?: string } {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'));
    if (typeof value !== 'object' || value === null) return {};
    const { serviceUrl, channelId } = value as { serviceUrl?: unknown; channelId?: unknown };
    return {
      ...(typeof serviceUrl === 'string' ? { serviceUrl } : {}),
      ...(typeof channelId === 'string' ? { channelId } : {}),
    };
  } catch {
    return {};
  }
}

/** The `serviceurl` claim (Bot Framework v3.1 spelling; `serviceUrl` accepted too). */
export function serviceUrlClaim(claims: JWTPayload): string | undefined {
  const value = claims.serviceurl ?? claims.serviceUrl;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks the claims of an already-decoded token against the account and the
 * body. Shared by the pure and the signature-checking halves, so both reject
 * exactly the same tokens.
 */
export function checkTeamsClaims(
  claims: JWTPayload,
  alg: string | undefined,
  appId: string,
  rawBody: Buffer,
  now: Date,
): VerifyResult {
  if (!alg || !TEAMS_SIGNING_ALGORITHMS.includes(alg)) return { ok: false, reason: 'bad-signature' };
  if (claims.iss !== BOT_FRAMEWORK_ISSUER) return { ok: false, reason: 'bad-signature' };
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(appId)) return { ok: false, reason: 'bad-signature' };
  const nowSeconds = now.getTime() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + TEAMS_CLOCK_SKEW_SECONDS < nowSeconds) {
    return { ok: false, reason: 'stale' };
  }
  if (typeof claims.nbf === 'number' && claims.nbf - TEAMS_CLOCK_SKEW_SECONDS > nowSeconds) {
    return { ok: false, reason: 'stale' };
  }
  // The Bot Framework SDK compares the two exactly; a mismatch means the token was minted for another body.
  const claimed = serviceUrlClaim(claims);
  const { serviceUrl } = readActivityRouting(rawBody);
  if (!claimed || !serviceUrl || claimed !== serviceUrl) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}

/** The pure check; see the module comment. The route runs the signature check next. */
export function verifyTeamsToken(raw: RawRequest, account: ConnectorAccount): VerifyResult {
  const appId = account.credentials.appId;
  if (!appId) return { ok: false, reason: 'not-configured' };
  const bearer = readTeamsBearer(raw);
  if (typeof bearer === 'string') return { ok: false, reason: bearer };
  return checkTeamsClaims(bearer.claims, bearer.alg, appId, raw.rawBody, raw.now ?? new Date());
}
