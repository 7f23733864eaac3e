/**
 * Viber callback signatures: `X-Viber-Content-Signature` is the hex
 * HMAC-SHA256 of the raw JSON body keyed with the bot's authentication token.
 * https://developers.viber.com/docs/api/rest-bot-api/#callbacks
 *
 * Viber signs no timestamp header, so there is no replay window here: a
 * replayed callback repeats its `message_token`, which dedupe drops (Viber
 * itself redelivers callbacks that were not answered with 200).
 */
import type { ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import { constantTimeEqual, hmacSha256Hex, readHeader } from '../core/verify-helpers.ts';

export const VIBER_SIGNATURE_HEADER = 'x-viber-content-signature';

/** The signature Viber sends with `rawBody` for a bot with this token. */
export function computeViberSignature(authToken: string, rawBody: Buffer): string {
  return hmacSha256Hex(authToken, rawBody);
}

/** Verifies one callback; the comparison is constant-time and case-insensitive on the hex. */
export function verifyViberRequest(raw: RawRequest, account: ConnectorAccount): VerifyResult {
  const authToken = account.credentials.authToken;
  if (!authToken) return { ok: false, reason: 'not-configured' };
  const signature = readHeader(raw.headers, VIBER_SIGNATURE_HEADER)?.trim();
  if (!signature) return { ok: false, reason: 'missing-header' };
  const expected = computeViberSignature(authToken, raw.rawBody);
  return constantTimeEqual(expected, signature.toLowerCase())
    ? { ok: true }
    : { ok: false, reason: 'bad-signature' };
}
