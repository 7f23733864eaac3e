import { withKeyLock } from '../bridge/with-key-lock.ts';
import { ANALYTICS_EVENTS } from '../analytics/analytics-event-types.ts';
import { isHandoffAnnouncement } from '../bot/reply/customer-messages.ts';
import type { ChatwootConversation } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import { advanceResponseClock, breachKey, type SlaEffect } from './advance-response-clock.ts';
import { carryOutSlaEffects, slaPolicyOf } from './carry-out-sla-effects.ts';
import { SLA_LOCK, slaLockKey } from './handle-sla-event.ts';
import type { SlaEvent } from './read-sla-event.ts';
import type { SlaTimerJob } from './schedule-sla-timers.ts';
import type { SlaDeps } from './sla-deps.ts';
import { loadSlaState, saveSlaState, type ResponseClock, type SlaConversationState } from './sla-state.ts';
import { breachNote, warnBeforeBreach } from './warn-before-breach.ts';

/**
 * What Chatwoot says happened since the clock started, in case an event is
 * still queued or was lost: a public reply (not the hand-off announcement),
 * or the conversation resolved or snoozed.
 */
async function missedEvent(
  installation: InstallationContext,
  state: SlaConversationState,
  clock: ResponseClock,
  conversation: ChatwootConversation,
  now: Date,
): Promise<SlaEvent | undefined> {
  const ref = {
    conversationId: state.conversationId,
    inboxId: state.inboxId,
    channel: state.channel,
    priority: conversation.priority ?? null,
  };
  if (conversation.status === 'resolved' || conversation.status === 'snoozed') {
    return { kind: 'status', ref, status: conversation.status, at: now.toISOString() };
  }
  const { messages } = await installation.chatwoot.listMessages(state.conversationId);
  const reply = messages.find(
    (message) =>
      message.id > clock.startMessageId &&
      message.message_type === 1 &&
      !message.private &&
      (message.sender?.type === 'user' ||
        (message.sender?.type === 'agent_bot' &&
          !isHandoffAnnouncement(installation.settings.ai, message.content ?? ''))),
  );
  if (!reply) return undefined;
  return {
    kind: 'reply',
    ref,
    messageId: reply.id,
    at: new Date(reply.created_at * 1000).toISOString(),
    by: reply.sender?.type === 'user' ? 'agent' : 'bot',
  };
}

/**
 * A warning or deadline timer. It acts only if the clock it was set for is
 * still running with the same deadline and Chatwoot confirms the customer is
 * still waiting; otherwise (answered, resolved, re-targeted, already fired)
 * it does nothing. The warning raises the priority, may reassign, and leaves
 * a note; the deadline records the breach. Each fires once per clock.
 */
export async function fireSlaTimer(deps: SlaDeps, job: SlaTimerJob): Promise<void> {
  const installation = await deps.directory.get(job.installationId);
  if (!installation) return;
  const policy = slaPolicyOf(installation);
  await withKeyLock(
    deps.store.idempotency,
    slaLockKey(job.installationId, job.conversationId),
    async () => {
      const state = await loadSlaState(deps.store.kv, job.installationId, job.conversationId);
      const clock = state?.clock;
      const current =
        state &&
        clock &&
        clock.kind === job.kind &&
        clock.startMessageId === job.startMessageId &&
        clock.target?.deadline === job.deadline;
      if (!state || !clock || !current || clock.breached || (job.phase === 'warn' && clock.warned)) {
        deps.logger.debug({ ...job }, 'stale SLA timer: nothing to do');
        return;
      }
      const now = deps.now();
      if (job.phase === 'warn' && now.getTime() >= Date.parse(job.deadline)) {
        // Late warning (the process was down): the deadline timer speaks for itself.
        clock.warned = true;
        await saveSlaState(deps.store.kv, job.installationId, state);
        return;
      }
      const conversation = await installation.chatwoot.getConversation(job.conversationId);
      const missed = await missedEvent(installation, state, clock, conversation, now);
      if (missed) {
        const step = advanceResponseClock(state, missed, policy);
        await carryOutSlaEffects(deps, job.installationId, step.state, step.effects);
        await saveSlaState(deps.store.kv, job.installationId, step.state);
        return;
      }
      const effects: SlaEffect[] = [];
      if (job.phase === 'warn') {
        const actions = await warnBeforeBreach(installation, conversation, clock, {
          sla: policy.sla,
          timezone: policy.calendar.timezone,
          now,
          logger: deps.logger,
        });
        clock.warned = true;
        if (actions.priority) clock.escalatedPriority = actions.priority;
        effects.push({
          kind: 'record',
          type: ANALYTICS_EVENTS.slaWarning,
          at: now.toISOString(),
          key: `warning:${state.conversationId}:${clock.kind}:${clock.startMessageId}`,
          data: {
            kind: clock.kind,
            targetMinutes: clock.target!.minutes,
            deadline: job.deadline,
            ...actions,
          },
        });
      } else {
        clock.breached = true;
        effects.push({
          kind: 'record',
          type: ANALYTICS_EVENTS.slaBreached,
          at: job.deadline,
          key: breachKey(state.conversationId, clock),
          data: { kind: clock.kind, targetMinutes: clock.target!.minutes, answeredLate: false },
        });
        if (policy.sla.noteOnBreach) {
          try {
            await (installation.bot ?? installation.chatwoot).createMessage(job.conversationId, {
              content: breachNote(clock, policy.calendar.timezone),
              private: true,
              message_type: 'outgoing',
            });
          } catch (error) {
            deps.logger.warn(
              { err: error, conversationId: job.conversationId },
              'could not post the SLA breach note',
            );
          }
        }
      }
      await carryOutSlaEffects(deps, job.installationId, state, effects);
      await saveSlaState(deps.store.kv, job.installationId, state);
    },
    SLA_LOCK,
  );
}
