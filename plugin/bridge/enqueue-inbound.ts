import type { Logger } from 'pino';
import type { InboundEvent } from '../messages/normalized-message.ts';
import type { JobRetryPolicy } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import { QUEUES, inboundJobId, type InboundJob } from './job-names.ts';

export interface EnqueueInboundResult {
  queued: number;
  duplicates: number;
  ignored: number;
}

/**
 * Durably queues channel events. Resolves only once every event is stored, so
 * the caller acknowledges the channel after this and never before. Ignored
 * event types are logged and counted, not queued.
 */
export async function enqueueInbound(
  deps: { queue: JobQueue; logger: Logger; now: () => Date; retry?: JobRetryPolicy },
  installationId: string,
  channel: string,
  events: InboundEvent[],
): Promise<EnqueueInboundResult> {
  const result: EnqueueInboundResult = { queued: 0, duplicates: 0, ignored: 0 };
  const receivedAt = deps.now().toISOString();
  for (const event of events) {
    if (event.kind === 'ignored') {
      result.ignored += 1;
      deps.logger.info({ installationId, channel, eventType: event.eventType, reason: event.reason }, 'skipped channel event');
      continue;
    }
    const job: InboundJob = { installationId, channel, event, receivedAt };
    const { duplicate } = await deps.queue.add(QUEUES.inbound, job, {
      jobId: inboundJobId(installationId, channel, event.dedupeKey),
      attempts: deps.retry?.attempts ?? 8,
      backoffMs: deps.retry?.backoffMs ?? 1_000,
    });
    if (duplicate) result.duplicates += 1;
    else result.queued += 1;
  }
  return result;
}
