/**
 * SLA timers: first- and next-response clocks per conversation, durable
 * warning and deadline timers, breach analytics. See README.md.
 */
export { createSlaSubscriber, startSlaTimers } from './create-sla-subscriber.ts';
export { SLA_TIMER_QUEUE, slaTimerJobId, type SlaTimerJob } from './schedule-sla-timers.ts';
export { advanceResponseClock, type SlaEffect, type SlaPolicy } from './advance-response-clock.ts';
export { loadSlaState, type SlaConversationState, type ResponseClock } from './sla-state.ts';
export type { SlaDeps } from './sla-deps.ts';
