/**
 * AES-256-GCM envelopes for secrets at rest (Chatwoot tokens, channel
 * credentials). Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts);
 * `keyId` names the key so rotation can tell old envelopes from new ones.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError, OmniloomError } from '../errors.ts';

const VERSION = 'v1';

export interface SecretBox {
  readonly keyId: string;
  seal(plaintext: string): string;
  open(envelope: string): string;
  /** True when the envelope was sealed with this box's key. */
  owns(envelope: string): boolean;
  /**
   * A 32-byte key for one purpose (e.g. signing dashboard sessions), derived
   * from the current key with HKDF-SHA256, so no second secret is configured
   * and the master key itself is never used for anything but encryption.
   */
  deriveKey(purpose: string): Buffer;
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/** Builds a box from a 32-byte key; `previousKeys` can still open envelopes sealed before a rotation. */
export function createSecretBox(keyHex: string, previousKeysHex: string[] = []): SecretBox {
  const key = parseKey(keyHex);
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  for (const previous of previousKeysHex) {
    const buffer = parseKey(previous);
    keys.set(keyIdOf(buffer), buffer);
  }

  return {
    keyId,
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
    },
    open(envelope) {
      const [version, envelopeKeyId, iv, tag, ciphertext] = envelope.split('.');
      if (version !== VERSION || !envelopeKeyId || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new OmniloomError('Encrypted value is not a valid envelope', { code: 'internal' });
      }
      const envelopeKey = keys.get(envelopeKeyId);
      if (!envelopeKey) {
        throw new OmniloomError(
          `Encrypted value was sealed with key ${envelopeKeyId}, which is not configured; set OMNILOOM_SECRET_KEY to that key or run \`omniloom rotate-key\` with it as the old key`,
          { code: 'config_invalid' },
        );
      }
      const decipher = createDecipheriv('aes-256-gcm', envelopeKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    },
    owns(envelope) {
      return envelope.split('.')[1] === keyId;
    },
    deriveKey(purpose) {
      return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `omniloom:${purpose}`, 32));
    },
  };
}

function parseKey(hex: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new ConfigError('OMNILOOM_SECRET_KEY must be 64 hexadecimal characters (32 bytes)');
  }
  return Buffer.from(hex, 'hex');
}
