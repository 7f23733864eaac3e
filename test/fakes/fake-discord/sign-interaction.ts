/**
 * Signs HTTP interactions the way Discord does: Ed25519 over
 * `timestamp + raw body` with the application's private key. Tests get a
 * fresh key pair; the connector is given its public half as hex.
 */
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';

export interface InteractionKeys {
  /** 64 hex digits, as shown in the Developer Portal. */
  publicKeyHex: string;
  /** Headers Discord would send with `rawBody` at `at`. */
  sign(rawBody: Buffer | string, at?: Date): Record<string, string>;
}

export function createInteractionKeys(): InteractionKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const publicKeyHex = Buffer.from(jwk.x ?? '', 'base64url').toString('hex');
  return { publicKeyHex, sign: (rawBody, at) => signInteraction(privateKey, rawBody, at) };
}

/** The `X-Signature-*` headers for one request body. */
export function signInteraction(
  privateKey: KeyObject,
  rawBody: Buffer | string,
  at = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString('hex');
  return {
    'x-signature-ed25519': signature,
    'x-signature-timestamp': timestamp,
    'content-type': 'application/json',
  };
}
