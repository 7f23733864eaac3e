import type { InstallationContext } from '../install/installation-directory.ts';
import { businessCalendarOf } from '../routing/calendar/business-calendar.ts';
import { slaOf } from '../install/installation-settings.ts';
import type { SlaEffect, SlaPolicy } from './advance-response-clock.ts';
import { scheduleSlaTimer } from './schedule-sla-timers.ts';
import type { SlaDeps } from './sla-deps.ts';
import type { SlaConversationState } from './sla-state.ts';

/** The installation's SLA settings and calendar. */
export function slaPolicyOf(installation: InstallationContext): SlaPolicy {
  return { sla: slaOf(installation.settings), calendar: businessCalendarOf(installation.settings) };
}

/** KV/idempotency scope of the tracker's run-once analytics records. */
export const slaRecordScope = (installationId: string) => `${installationId}:sla-analytics`;

/**
 * Queues the timers and records the analytics events a clock step asked for.
 * Timers are idempotent by job id and records by key, so running the same
 * effects again (a retried job) changes nothing.
 */
export async function carryOutSlaEffects(
  deps: Pick<SlaDeps, 'store' | 'queue' | 'now'>,
  installationId: string,
  state: SlaConversationState,
  effects: readonly SlaEffect[],
): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === 'schedule') {
      await scheduleSlaTimer(
        deps.queue,
        {
          installationId,
          conversationId: state.conversationId,
          kind: effect.clock.kind,
          startMessageId: effect.clock.startMessageId,
          phase: effect.phase,
          deadline: effect.deadline,
        },
        effect.fireAt,
        deps.now(),
      );
      continue;
    }
    if (!(await deps.store.idempotency.claim(slaRecordScope(installationId), effect.key))) continue;
    await deps.store.analytics.record({
      installationId,
      type: effect.type,
      channel: state.channel,
      inboxId: state.inboxId,
      conversationId: state.conversationId,
      at: effect.at,
      data: effect.data,
    });
  }
}
