/**
 * Unique signed deliveries for the generic webhook channel (Omniloom's
 * normalized message format), signed with the channel's production scheme.
 */
import { randomUUID } from 'node:crypto';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from '../../connectors/webhook/sign-body.ts';
import type { SignedDelivery } from './build-slack-message.ts';

/** Returns a function producing the next signed normalized message each time it is called. */
export function createWebhookMessageFactory(options: {
  runId: string;
  threads?: number;
  signingSecret: string;
}): (text?: string) => SignedDelivery {
  const threads = options.threads ?? 16;
  let seq = 0;
  return (text) => {
    const n = seq++;
    const thread = `${options.runId}-customer-${n % threads}`;
    const id = `${options.runId}-${n}-${randomUUID()}`;
    const body = JSON.stringify({
      kind: 'message',
      dedupeKey: id,
      occurredAt: new Date().toISOString(),
      channelMessageId: id,
      thread: { key: thread, kind: 'direct', address: { customer: thread } },
      sender: {
        channelUserId: thread,
        displayName: `Customer ${n % threads}`,
        identifiers: [{ type: 'channel_user', value: `webhook:${thread}`, verified: true }],
      },
      text: text ?? `Webhook message ${n} — Grüße 🌍`,
      attachments: [],
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(options.signingSecret, timestamp, body),
        [TIMESTAMP_HEADER]: timestamp,
      },
      sourceId: id,
      thread,
    };
  };
}
