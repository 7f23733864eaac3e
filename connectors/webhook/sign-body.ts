import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-omniloom-signature';
export const TIMESTAMP_HEADER = 'x-omniloom-timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, "<unix seconds>.<raw body>"), the same scheme both directions. */
export function signBody(secret: string, timestamp: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}
