/**
 * Mints Bot Connector → bot tokens the way the Bot Framework does: an RS256
 * JWT with `iss` https://api.botframework.com, `aud` = the bot's app id and a
 * `serviceurl` claim equal to the activity's `serviceUrl`, signed with a key
 * the fake publishes in its JWKS. Written with node:crypto (synchronously),
 * independently of the jose code that verifies it in production.
 */
import { createSign, type KeyObject } from 'node:crypto';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface MintOptions {
  /** Time the token was issued (default now); `nbf` is 5 minutes earlier, as Microsoft's tokens have. */
  at?: Date;
  /** Seconds from `at` to `exp` (default 300: short, so a 10-minute-old token is expired). */
  lifetimeSeconds?: number;
  audience?: string;
  issuer?: string;
  /** Defaults to the activity's `serviceUrl`. */
  serviceUrl?: string;
  kid: string;
  privateKey: KeyObject;
  alg?: 'RS256' | 'RS384' | 'RS512';
}

function base64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

/** A signed compact JWT for one activity body. */
export function mintBotConnectorToken(rawBody: Buffer | string, options: MintOptions): string {
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  let serviceUrl = options.serviceUrl;
  if (serviceUrl === undefined) {
    try {
      const parsed = JSON.parse(body) as { serviceUrl?: unknown };
      serviceUrl = typeof parsed.serviceUrl === 'string' ? parsed.serviceUrl : undefined;
    } catch {
      serviceUrl = undefined;
    }
  }
  const at = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const alg = options.alg ?? 'RS256';
  const header = { alg, kid: options.kid, typ: 'JWT', x5t: options.kid };
  const payload = {
    serviceurl: serviceUrl,
    nbf: at - 300,
    exp: at + (options.lifetimeSeconds ?? 300),
    iss: options.issuer ?? BOT_FRAMEWORK_ISSUER,
    aud: options.audience,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signer = createSign(`SHA${alg.slice(2)}`);
  signer.update(signingInput);
  return `${signingInput}.${signer.sign(options.privateKey).toString('base64url')}`;
}
