/**
 * The generic webhook channel: any system that can POST JSON in Omniloom's
 * normalized message format and receive replies on a URL of its own. It is
 * also the reference implementation of the connector interface.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Connector, ConnectorAccount, RawRequest, VerifyResult } from '../core/connector.ts';
import { BadRequestError, OmniloomError, RateLimitError } from '../../plugin/errors.ts';
import { parseInboundEvent } from '../../plugin/messages/inbound-event-schema.ts';
import type { InboundEvent } from '../../plugin/messages/normalized-message.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './sign-body.ts';

const MAX_SKEW_SECONDS = 300;

export const webhookConnector: Connector = {
  id: 'webhook',
  displayName: 'Custom webhook',
  capabilities: { edits: true, deletes: true, reactions: true, typing: false, attachments: true, threads: true, gateway: false },
  credentialFields: ['signingSecret'],

  verify(raw: RawRequest, account: ConnectorAccount): VerifyResult {
    const secret = account.credentials.signingSecret;
    if (!secret) return { ok: false, reason: 'not-configured' };
    const signature = raw.headers[SIGNATURE_HEADER];
    const timestamp = raw.headers[TIMESTAMP_HEADER];
    if (!signature || !timestamp) return { ok: false, reason: 'missing-header' };
    const now = Math.floor((raw.now ?? new Date()).getTime() / 1000);
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
    const expected = Buffer.from(signBody(secret, timestamp, raw.rawBody));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
    return { ok: true };
  },

  parse(rawBody: Buffer): InboundEvent[] {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new BadRequestError('The request body is not valid JSON.');
    }
    const items = Array.isArray((body as { events?: unknown })?.events) ? (body as { events: unknown[] }).events : [body];
    return items.map((item, index) => {
      const parsed = parseInboundEvent({ ...(item as object), channel: 'webhook' });
      if (!parsed.ok) throw new BadRequestError(`Event ${index} is not a valid normalized event: ${parsed.problems.join('; ')}`);
      return parsed.event;
    });
  },

  async send(message, account) {
    const url = account.config.outboundUrl;
    const secret = account.credentials.signingSecret;
    if (typeof url !== 'string' || !secret) {
      throw new OmniloomError('The webhook channel needs config.outboundUrl and a signingSecret to send replies', {
        code: 'config_invalid',
        connector: 'webhook',
      });
    }
    const body = JSON.stringify({ type: 'message', message });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      throw new RateLimitError('Webhook receiver is rate limiting', (Number.isFinite(retryAfter) ? retryAfter : 1) * 1000, 'webhook');
    }
    if (!response.ok) {
      throw new OmniloomError(`Webhook receiver answered ${response.status}`, { code: 'upstream_error', connector: 'webhook' });
    }
    const answer = (await response.json().catch(() => ({}))) as { channelMessageId?: unknown };
    const id = typeof answer.channelMessageId === 'string' ? answer.channelMessageId : `cw-${message.chatwootMessageId}`;
    return { channelMessageIds: [id] };
  },
};
