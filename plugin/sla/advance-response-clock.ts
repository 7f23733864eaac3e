import { ANALYTICS_EVENTS, type AnalyticsEventType } from '../analytics/analytics-event-types.ts';
import type { SlaSettings } from '../install/installation-settings.ts';
import type { BusinessCalendar } from '../routing/calendar/business-calendar.ts';
import type { SlaEvent } from './read-sla-event.ts';
import { findSlaTarget, scheduleTarget } from './resolve-sla-target.ts';
import type { ResponseClock, SlaConversationState } from './sla-state.ts';

/** A timer phase: the warning before the deadline, or the deadline itself. */
export type TimerPhase = 'warn' | 'breach';

/** What must happen after a state change (the reducer stays pure; the handler carries these out). */
export type SlaEffect =
  | {
      kind: 'schedule';
      phase: TimerPhase;
      fireAt: string;
      clock: Pick<ResponseClock, 'kind' | 'startMessageId'>;
      deadline: string;
    }
  | {
      kind: 'record';
      type: AnalyticsEventType;
      at: string;
      data: Record<string, unknown>;
      /** Recorded at most once per key (a retried job must not count twice). */
      key: string;
    };

/** Run-once key of a clock's breach, shared by the deadline timer and a late reply. */
export function breachKey(
  conversationId: number,
  clock: Pick<ResponseClock, 'kind' | 'startMessageId'>,
): string {
  return `breach:${conversationId}:${clock.kind}:${clock.startMessageId}`;
}

const startedKey = (conversationId: number, clock: Pick<ResponseClock, 'kind' | 'startMessageId'>) =>
  `started:${conversationId}:${clock.kind}:${clock.startMessageId}`;

export interface SlaPolicy {
  sla: SlaSettings;
  calendar: BusinessCalendar;
}

const SECOND_MS = 1000;

function timersFor(clock: ResponseClock): SlaEffect[] {
  const target = clock.target;
  if (!target) return [];
  const ref = { kind: clock.kind, startMessageId: clock.startMessageId };
  const effects: SlaEffect[] = [];
  if (target.warnAt && !clock.warned && !clock.breached) {
    effects.push({
      kind: 'schedule',
      phase: 'warn',
      fireAt: target.warnAt,
      clock: ref,
      deadline: target.deadline,
    });
  }
  if (!clock.breached)
    effects.push({
      kind: 'schedule',
      phase: 'breach',
      fireAt: target.deadline,
      clock: ref,
      deadline: target.deadline,
    });
  return effects;
}

function targetFor(
  policy: SlaPolicy,
  state: SlaConversationState,
  clock: Pick<ResponseClock, 'kind' | 'startedAt'>,
) {
  const found = findSlaTarget(policy.sla, state, clock.kind);
  return found ? scheduleTarget(policy.sla, policy.calendar, new Date(clock.startedAt), found) : undefined;
}

/** Closes the running clock with a public reply: its response time, and a breach if the reply came late. */
function answer(state: SlaConversationState, event: Extract<SlaEvent, { kind: 'reply' }>): SlaEffect[] {
  const clock = state.clock;
  if (!clock || event.messageId <= clock.startMessageId) return [];
  state.clock = undefined;
  const seconds = Math.max(0, (Date.parse(event.at) - Date.parse(clock.startedAt)) / SECOND_MS);
  const late = clock.target !== undefined && Date.parse(event.at) > Date.parse(clock.target.deadline);
  const effects: SlaEffect[] = [
    {
      kind: 'record',
      type: clock.kind === 'first_response' ? ANALYTICS_EVENTS.firstResponse : ANALYTICS_EVENTS.nextResponse,
      at: event.at,
      key: `response:${state.conversationId}:${clock.startMessageId}`,
      data: {
        seconds,
        by: event.by,
        messageId: event.messageId,
        ...(clock.target
          ? { targetMinutes: clock.target.minutes, breached: late || clock.breached === true }
          : {}),
      },
    },
  ];
  // The deadline timer may not have run yet (queue busy, process down): the breach is recorded once, here.
  if (late && !clock.breached) {
    effects.push({
      kind: 'record',
      type: ANALYTICS_EVENTS.slaBreached,
      at: clock.target!.deadline,
      key: breachKey(state.conversationId, clock),
      data: { kind: clock.kind, targetMinutes: clock.target!.minutes, answeredLate: true },
    });
  }
  return effects;
}

/**
 * One step of a conversation's response clocks. A customer message starts a
 * clock when none runs (first response until the first reply, next response
 * after), later customer messages leave it running; a public reply by an agent
 * or the bot stops it and records the response time; resolving or snoozing
 * stops it silently; a priority change re-targets it from its start. Events
 * may come out of order: message ids and the last message of status events
 * keep a late event from undoing a newer one.
 */
export function advanceResponseClock(
  current: SlaConversationState | undefined,
  event: SlaEvent,
  policy: SlaPolicy,
): { state: SlaConversationState; effects: SlaEffect[] } {
  const state: SlaConversationState = current
    ? { ...current, ...(current.clock ? { clock: { ...current.clock } } : {}) }
    : {
        conversationId: event.ref.conversationId,
        inboxId: event.ref.inboxId,
        channel: event.ref.channel,
        priority: event.ref.priority,
        ...(event.ref.status ? { status: event.ref.status } : {}),
      };
  state.channel = event.ref.channel;
  const effects: SlaEffect[] = [];

  switch (event.kind) {
    case 'conversation':
      if (!current) break;
      state.priority = event.ref.priority;
      break;
    case 'customer_message': {
      if (state.clock || event.messageId <= (state.lastReplyMessageId ?? 0)) break;
      const clock: ResponseClock = {
        kind: state.firstReplyAt ? 'next_response' : 'first_response',
        startMessageId: event.messageId,
        startedAt: event.at,
      };
      const target = targetFor(policy, state, clock);
      if (target) {
        clock.target = target;
        effects.push({
          kind: 'record',
          type: ANALYTICS_EVENTS.slaStarted,
          at: event.at,
          key: startedKey(state.conversationId, clock),
          data: { kind: clock.kind, targetMinutes: target.minutes },
        });
      }
      state.clock = clock;
      effects.push(...timersFor(clock));
      break;
    }
    case 'reply':
      effects.push(...answer(state, event));
      state.lastReplyMessageId = Math.max(state.lastReplyMessageId ?? 0, event.messageId);
      state.firstReplyAt ??= event.at;
      break;
    case 'status': {
      const stale =
        state.clock &&
        event.ref.lastMessageId !== undefined &&
        event.ref.lastMessageId < state.clock.startMessageId;
      if (stale) break;
      state.status = event.status;
      if (event.status === 'resolved' || event.status === 'snoozed') state.clock = undefined;
      break;
    }
    case 'priority': {
      state.priority = event.priority;
      const clock = state.clock;
      if (!clock || clock.breached || (event.priority !== null && event.priority === clock.escalatedPriority))
        break;
      const target = targetFor(policy, state, clock);
      if (target?.deadline === clock.target?.deadline) break;
      if (target && !clock.target) {
        effects.push({
          kind: 'record',
          type: ANALYTICS_EVENTS.slaStarted,
          at: event.at,
          key: startedKey(state.conversationId, clock),
          data: { kind: clock.kind, targetMinutes: target.minutes },
        });
      }
      if (target) clock.target = target;
      else delete clock.target;
      clock.warned = false;
      effects.push(...timersFor(clock));
      break;
    }
  }
  return { state, effects };
}
