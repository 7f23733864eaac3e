/**
 * Slack request signing, v0: `X-Slack-Signature: v0=<hex>` where hex is
 * HMAC-SHA256(signing secret, `v0:<X-Slack-Request-Timestamp>:<raw body>`).
 * https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import type { ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import {
  DEFAULT_SIGNATURE_WINDOW_SECONDS,
  constantTimeEqual,
  hmacSha256Hex,
  isWithinWindow,
  parseUnixSeconds,
  readHeader,
} from '../core/verify-helpers.ts';

/** The `v0=<hex>` signature Slack would send for this body at this timestamp. */
export function computeSlackSignature(signingSecret: string, timestamp: string, rawBody: Buffer): string {
  const base = Buffer.concat([Buffer.from(`v0:${timestamp}:`, 'utf8'), rawBody]);
  return `v0=${hmacSha256Hex(signingSecret, base)}`;
}

/**
 * Verifies one Events API request. Retries (`X-Slack-Retry-Num`) are signed
 * afresh and pass; duplicates are the queue's dedupe's job.
 */
export function verifySlackRequest(raw: RawRequest, account: ConnectorAccount): VerifyResult {
  const signingSecret = account.credentials.signingSecret;
  if (!signingSecret) return { ok: false, reason: 'not-configured' };

  const signature = readHeader(raw.headers, 'x-slack-signature');
  const timestampHeader = readHeader(raw.headers, 'x-slack-request-timestamp');
  if (!signature || !timestampHeader) return { ok: false, reason: 'missing-header' };

  const timestamp = parseUnixSeconds(timestampHeader);
  // A replayed request is refused before any HMAC work (Slack: "more than five minutes … ignore the request").
  if (
    timestamp === undefined ||
    !isWithinWindow(timestamp, raw.now ?? new Date(), DEFAULT_SIGNATURE_WINDOW_SECONDS)
  ) {
    return { ok: false, reason: 'stale' };
  }
  const expected = computeSlackSignature(signingSecret, timestampHeader.trim(), raw.rawBody);
  return constantTimeEqual(expected, signature.trim())
    ? { ok: true }
    : { ok: false, reason: 'bad-signature' };
}
