import type { InboundEvent } from '../messages/normalized-message.ts';

/** Queue names shared by the producers (HTTP routes) and the workers. */
export const QUEUES = {
  /** Normalized channel events on their way into Chatwoot. */
  inbound: 'inbound',
  /** Chatwoot messages on their way out to a bridged channel. */
  outbound: 'outbound',
  /** Events Chatwoot delivered (agent bot, account and inbox webhooks). */
  chatwootEvents: 'chatwoot-events',
} as const;

export interface InboundJob {
  installationId: string;
  channel: string;
  event: InboundEvent;
  receivedAt: string;
}

/** Job id that makes a redelivered channel event a no-op at the queue. */
export function inboundJobId(installationId: string, channel: string, dedupeKey: string): string {
  return `in:${installationId}:${channel}:${dedupeKey}`;
}
