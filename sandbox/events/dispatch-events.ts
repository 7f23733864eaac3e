import type { SandboxState } from '../state/sandbox-state.ts';
import { buildEventPayload } from './build-event-payload.ts';
import type { WebhookDeliverer } from './deliver-webhooks.ts';
import { findReceivers } from './find-receivers.ts';
import type { DomainEvent } from './record-events.ts';

/**
 * Turn a batch of recorded events into deliveries: build each payload from the current state and
 * queue it for every receiver of the event.
 */
export function dispatchEvents(
  state: SandboxState,
  deliverer: WebhookDeliverer,
  events: DomainEvent[],
): void {
  for (const event of events) {
    const payload = buildEventPayload(state, event);
    if (!payload) continue;
    for (const receiver of findReceivers(state, event)) deliverer.enqueue(receiver, payload);
  }
}
