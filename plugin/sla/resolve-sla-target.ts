import type { ConversationPriority } from '../chatwoot/types.ts';
import type { SlaSettings } from '../install/installation-settings.ts';
import type { BusinessCalendar } from '../routing/calendar/business-calendar.ts';
import { addBusinessTime } from '../routing/calendar/add-business-time.ts';
import type { ClockKind, ClockTarget } from './sla-state.ts';

const MINUTE_MS = 60_000;

/**
 * The first SLA target whose priorities and inboxes match, and its minutes
 * for this kind of clock; undefined when none applies.
 */
export function findSlaTarget(
  sla: SlaSettings,
  conversation: { priority: ConversationPriority | null; inboxId: number },
  kind: ClockKind,
): { name?: string; minutes: number } | undefined {
  const priority = conversation.priority ?? 'none';
  const target = sla.targets.find(
    (candidate) =>
      (!candidate.priorities?.length || candidate.priorities.includes(priority)) &&
      (!candidate.inboxIds?.length || candidate.inboxIds.includes(conversation.inboxId)),
  );
  if (!target) return undefined;
  const minutes = kind === 'first_response' ? target.firstResponseMinutes : target.nextResponseMinutes;
  return minutes === undefined ? undefined : { ...(target.name ? { name: target.name } : {}), minutes };
}

/**
 * Deadline and warning time of a clock started at `startedAt`: calendar time,
 * or business time only (`sla.businessHoursOnly`). The warning comes
 * `warnBeforeMinutes` of the same kind of time before the deadline.
 */
export function scheduleTarget(
  sla: SlaSettings,
  calendar: BusinessCalendar,
  startedAt: Date,
  target: { name?: string; minutes: number },
): ClockTarget {
  const after = (ms: number): Date =>
    (sla.businessHoursOnly ? addBusinessTime(calendar, startedAt, ms) : undefined) ??
    new Date(startedAt.getTime() + ms);
  const durationMs = target.minutes * MINUTE_MS;
  const warnMs = durationMs - sla.warnBeforeMinutes * MINUTE_MS;
  return {
    ...(target.name ? { name: target.name } : {}),
    minutes: target.minutes,
    deadline: after(durationMs).toISOString(),
    ...(sla.warnBeforeMinutes > 0 && warnMs > 0 ? { warnAt: after(warnMs).toISOString() } : {}),
    businessHoursOnly: sla.businessHoursOnly,
  };
}
