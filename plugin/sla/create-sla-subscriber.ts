import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import { fireSlaTimer } from './fire-sla-timer.ts';
import { handleSlaEvent } from './handle-sla-event.ts';
import { SLA_TIMER_QUEUE, type SlaTimerJob } from './schedule-sla-timers.ts';
import type { SlaDeps } from './sla-deps.ts';

/**
 * Response clocks from the account webhook, which covers every inbox and
 * delivers customer messages, agent and bot replies, status and priority
 * changes (bot receiver events would be duplicates).
 */
export function createSlaSubscriber(deps: SlaDeps): ChatwootEventSubscriber {
  return {
    name: 'sla',
    receivers: ['account'],
    events: [
      'message_created',
      'conversation_created',
      'conversation_status_changed',
      'conversation_updated',
    ],
    concurrency: 4,
    handle: (job) => handleSlaEvent(deps, job),
  };
}

/** Runs the warning and deadline timers (worker processes only). */
export function startSlaTimers(deps: SlaDeps): void {
  deps.queue.process<SlaTimerJob>(SLA_TIMER_QUEUE, ({ data }) => fireSlaTimer(deps, data), {
    concurrency: 2,
  });
}
