/**
 * Authenticity of Discord's HTTP interactions: an Ed25519 signature over
 * `X-Signature-Timestamp + raw body` made with the application's key.
 * Discord sends deliberately bad signatures while you register the endpoint
 * and refuses URLs that accept them.
 * https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import {
  DEFAULT_SIGNATURE_WINDOW_SECONDS,
  isWithinWindow,
  parseUnixSeconds,
  readHeader,
} from '../core/verify-helpers.ts';

/** DER prefix of an SPKI-wrapped Ed25519 public key (RFC 8410); the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const keyCache = new Map<string, KeyObject>();

/** Builds a node KeyObject from the 64-hex-digit public key shown in the Developer Portal. */
export function ed25519PublicKeyFromHex(publicKeyHex: string): KeyObject | undefined {
  const normalized = publicKeyHex.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(normalized)) return undefined;
  let key = keyCache.get(normalized);
  if (!key) {
    key = createPublicKey({
      key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(normalized, 'hex')]),
      format: 'der',
      type: 'spki',
    });
    keyCache.set(normalized, key);
  }
  return key;
}

/**
 * Verifies one interaction request. Ed25519 verification is itself constant
 * time in OpenSSL; the timestamp is also bounded so a captured request cannot
 * be replayed later.
 */
export function verifyDiscordInteraction(raw: RawRequest, account: ConnectorAccount): VerifyResult {
  const key = ed25519PublicKeyFromHex(account.credentials.publicKey ?? '');
  if (!key) return { ok: false, reason: 'not-configured' };

  const signatureHex = readHeader(raw.headers, 'x-signature-ed25519');
  const timestampHeader = readHeader(raw.headers, 'x-signature-timestamp');
  if (!signatureHex || !timestampHeader) return { ok: false, reason: 'missing-header' };

  const timestamp = parseUnixSeconds(timestampHeader);
  if (timestamp === undefined || !/^[0-9a-fA-F]{128}$/.test(signatureHex)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const signed = Buffer.concat([Buffer.from(timestampHeader, 'utf8'), raw.rawBody]);
  if (!verifySignature(null, signed, key, Buffer.from(signatureHex, 'hex'))) {
    return { ok: false, reason: 'bad-signature' };
  }
  // Checked after the signature so an attacker learns nothing from the reason.
  if (!isWithinWindow(timestamp, raw.now ?? new Date(), DEFAULT_SIGNATURE_WINDOW_SECONDS)) {
    return { ok: false, reason: 'stale' };
  }
  return { ok: true };
}
