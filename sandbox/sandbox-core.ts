import type { Actor, SandboxContext } from './domain/sandbox-context.ts';
import type { WebhookDeliverer } from './events/deliver-webhooks.ts';
import type { EventRecorder } from './events/record-events.ts';
import type { FaultRules } from './faults/fault-rules.ts';
import type { SandboxState } from './state/sandbox-state.ts';
import type { ViolationLog } from './validation/violation-log.ts';

/** The parts of a running sandbox the HTTP routes work with. */
export interface SandboxCore {
  state: SandboxState;
  events: EventRecorder;
  deliverer: WebhookDeliverer;
  violations: ViolationLog;
  faults: FaultRules;
  now: () => Date;
  /** Resolves once recorded events are dispatched and every delivery (and its follow-ups) is done. */
  settle: () => Promise<void>;
}

/** A domain context for an operation performed by `actor`. */
export function contextFor(core: SandboxCore, actor: Actor): SandboxContext {
  return { state: core.state, events: core.events, now: core.now, actor };
}
