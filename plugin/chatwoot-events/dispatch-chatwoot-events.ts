import type { Logger } from 'pino';
import type { JobRetryPolicy } from '../config/config.ts';
import type { JobQueue } from '../queue/queue.ts';
import { QUEUES } from '../bridge/job-names.ts';
import type { ChatwootEventJob, ChatwootEventName, ChatwootReceiver } from './chatwoot-event.ts';

/**
 * A feature that reacts to Chatwoot events (outbound bridging, the AI agent,
 * identity, SLA timers, analytics). Each subscriber gets its own queue, so one
 * failing feature retries alone and never replays the others.
 */
export interface ChatwootEventSubscriber {
  name: string;
  receivers: readonly ChatwootReceiver[];
  events: readonly ChatwootEventName[];
  concurrency?: number;
  handle(job: ChatwootEventJob): Promise<void>;
}

export function subscriberQueue(subscriber: Pick<ChatwootEventSubscriber, 'name'>): string {
  return `cw-${subscriber.name}`;
}

/** Fans each delivered event out into one durable job per interested subscriber. */
export function startChatwootEventDispatch(
  deps: { queue: JobQueue; logger: Logger; retry?: JobRetryPolicy },
  subscribers: readonly ChatwootEventSubscriber[],
): void {
  deps.queue.process<ChatwootEventJob>(
    QUEUES.chatwootEvents,
    async ({ data }) => {
      for (const subscriber of subscribers) {
        if (!subscriber.receivers.includes(data.receiver) || !subscriber.events.includes(data.event)) continue;
        await deps.queue.add(subscriberQueue(subscriber), data, {
          jobId: `${subscriber.name}:${data.installationId}:${data.eventKey}`,
          attempts: deps.retry?.attempts ?? 6,
          backoffMs: deps.retry?.backoffMs ?? 1_000,
        });
      }
    },
    { concurrency: 4 },
  );
  for (const subscriber of subscribers) {
    deps.queue.process<ChatwootEventJob>(subscriberQueue(subscriber), ({ data }) => subscriber.handle(data), {
      concurrency: subscriber.concurrency ?? 2,
    });
  }
}
