import { createHmac, randomUUID } from 'node:crypto';

/**
 * Signature headers of later Chatwoot releases (v4.11.2+ account webhooks, v4.13.0+ agent bot and API
 * inbox webhooks; not in the pinned source): `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>")>`, `X-Chatwoot-Timestamp`, `X-Chatwoot-Delivery`.
 */
export function signPayload(secret: string, rawBody: string, now: Date = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
  return {
    'X-Chatwoot-Signature': `sha256=${signature}`,
    'X-Chatwoot-Timestamp': timestamp,
    'X-Chatwoot-Delivery': randomUUID(),
  };
}
