/**
 * The I/O half of Bot Connector authentication, run after `verifyTeamsToken`:
 * the JWT signature against the key named by its `kid` (from the configured
 * OpenID metadata), the key's channel endorsements (it must be endorsed for
 * the activity's `channelId`, `msteams`), and the same claims again through
 * jose so a token that decodes differently cannot slip between the two checks.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#step-4-verify-the-jwt-token
 */
import { errors, importJWK, jwtVerify, type JWK } from 'jose';
import type { ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import { findTeamsSigningKey } from './fetch-teams-signing-keys.ts';
import { readTeamsSettings } from './read-teams-account.ts';
import {
  BOT_FRAMEWORK_ISSUER,
  TEAMS_CLOCK_SKEW_SECONDS,
  TEAMS_SIGNING_ALGORITHMS,
  checkTeamsClaims,
  readActivityRouting,
  readTeamsBearer,
} from './verify-teams-token.ts';

/** Verifies the token's signature and claims; `stale` for an expired token, `bad-signature` for anything forged. */
export async function verifyTeamsTokenSignature(
  raw: RawRequest,
  account: ConnectorAccount,
): Promise<VerifyResult> {
  const appId = account.credentials.appId;
  if (!appId) return { ok: false, reason: 'not-configured' };
  const bearer = readTeamsBearer(raw);
  if (typeof bearer === 'string') return { ok: false, reason: bearer };
  const now = raw.now ?? new Date();
  const claimsVerdict = checkTeamsClaims(bearer.claims, bearer.alg, appId, raw.rawBody, now);
  if (!claimsVerdict.ok) return claimsVerdict;
  if (!bearer.kid || !bearer.alg) return { ok: false, reason: 'bad-signature' };

  const jwk = await findTeamsSigningKey(readTeamsSettings(account).openIdMetadataUrl, bearer.kid);
  if (!jwk) return { ok: false, reason: 'bad-signature' };
  const endorsements = Array.isArray(jwk.endorsements) ? jwk.endorsements : [];
  const { channelId } = readActivityRouting(raw.rawBody);
  if (endorsements.length > 0 && (!channelId || !endorsements.includes(channelId))) {
    return { ok: false, reason: 'bad-signature' };
  }

  try {
    const { endorsements: _endorsements, ...publicKey } = jwk;
    const key = await importJWK(publicKey as JWK, bearer.alg);
    await jwtVerify(bearer.token, key, {
      issuer: BOT_FRAMEWORK_ISSUER,
      audience: appId,
      algorithms: TEAMS_SIGNING_ALGORITHMS,
      clockTolerance: TEAMS_CLOCK_SKEW_SECONDS,
      currentDate: now,
      requiredClaims: ['exp'],
    });
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, reason: 'stale' };
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf')
      return { ok: false, reason: 'stale' };
    if (error instanceof errors.JOSEError || error instanceof TypeError)
      return { ok: false, reason: 'bad-signature' };
    throw error;
  }
  return { ok: true };
}
