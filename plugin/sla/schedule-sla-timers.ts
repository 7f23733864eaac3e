import type { JobQueue } from '../queue/queue.ts';
import type { ClockKind } from './sla-state.ts';
import type { TimerPhase } from './advance-response-clock.ts';

/** Queue of the SLA warning and deadline timers. */
export const SLA_TIMER_QUEUE = 'sla-timers';

/** A delayed job that fires at a clock's warning time or deadline. */
export interface SlaTimerJob {
  installationId: string;
  conversationId: number;
  kind: ClockKind;
  startMessageId: number;
  phase: TimerPhase;
  /** The deadline the timer was set for: a re-targeted clock has another, so an old timer is recognisably stale. */
  deadline: string;
}

/**
 * The same clock, phase and deadline always give the same job id, so a
 * redelivered event or a restart never queues a timer twice (the queue drops
 * a job whose id it already holds).
 */
export function slaTimerJobId(job: SlaTimerJob): string {
  return [
    'sla',
    job.installationId,
    job.conversationId,
    job.kind,
    job.startMessageId,
    job.phase,
    Date.parse(job.deadline),
  ].join(':');
}

/** Queues a timer to run at `fireAt` (right away when that has passed). */
export async function scheduleSlaTimer(
  queue: JobQueue,
  job: SlaTimerJob,
  fireAt: string,
  now: Date,
): Promise<void> {
  await queue.add<SlaTimerJob>(SLA_TIMER_QUEUE, job, {
    jobId: slaTimerJobId(job),
    delayMs: Math.max(0, Date.parse(fireAt) - now.getTime()),
    attempts: 5,
    backoffMs: 5_000,
  });
}
