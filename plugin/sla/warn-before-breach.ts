import { DateTime } from 'luxon';
import type { ChatwootConversation, ConversationPriority } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { SlaSettings } from '../install/installation-settings.ts';
import type { Logger } from '../logger.ts';
import { countOpenConversations } from '../routing/count-open-conversations.ts';
import { isOnline, loadAgentCandidates } from '../routing/load-agent-candidates.ts';
import { pickLeastLoaded } from '../routing/pick-agent.ts';
import type { ResponseClock } from './sla-state.ts';

/** One step up; a conversation without priority, or with `low`, becomes `medium`. */
export function raisedPriority(current: ConversationPriority | null): ConversationPriority | undefined {
  switch (current) {
    case null:
    case 'low':
      return 'medium';
    case 'medium':
      return 'high';
    case 'high':
      return 'urgent';
    case 'urgent':
      return undefined;
  }
}

const KIND_TEXT = { first_response: 'first response', next_response: 'reply' } as const;

/** "due at 14:35 (Europe/Berlin), in 10 minutes" */
function describeDue(deadline: string, timezone: string, now: Date): string {
  const due = DateTime.fromISO(deadline, { zone: timezone });
  const minutes = Math.max(0, Math.round((Date.parse(deadline) - now.getTime()) / 60_000));
  return `due at ${due.toFormat('HH:mm')} (${timezone}), in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** What a warning did, for its analytics event. */
export interface WarningActions {
  note: boolean;
  priority?: ConversationPriority;
  reassignedTo?: number;
  failures: string[];
}

/**
 * Acts before a response target is missed, as settings.sla.onWarning says:
 * a private note for the team, the priority raised one step, and optionally
 * the conversation handed to the least-loaded online agent of its team
 * (never the current assignee). Each action is tried on its own; a failure
 * is reported, not thrown, so the warning still counts once.
 */
export async function warnBeforeBreach(
  installation: InstallationContext,
  conversation: ChatwootConversation,
  clock: ResponseClock,
  options: { sla: SlaSettings; timezone: string; now: Date; logger: Logger },
): Promise<WarningActions> {
  const actor = installation.bot ?? installation.chatwoot;
  const actions: WarningActions = { note: false, failures: [] };
  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      options.logger.warn({ err: error, conversationId: conversation.id }, `SLA warning could not ${what}`);
      actions.failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const { onWarning } = options.sla;
  if (onWarning.raisePriority) {
    const next = raisedPriority(conversation.priority ?? null);
    if (next) {
      await attempt('raise the priority', async () => {
        await actor.toggleConversationPriority(conversation.id, next);
        actions.priority = next;
      });
    }
  }
  if (onWarning.reassign) {
    await attempt('reassign the conversation', async () => {
      const current =
        conversation.meta?.assignee_type?.toLowerCase() === 'user'
          ? conversation.meta.assignee?.id
          : undefined;
      const teamId = conversation.meta?.team?.id;
      const { candidates } = await loadAgentCandidates(
        installation.chatwoot,
        teamId !== undefined ? { teamId } : {},
      );
      const online = candidates
        .filter((candidate) => isOnline(candidate) && candidate.id !== current)
        .map((candidate) => candidate.id);
      if (online.length === 0) return;
      const { counts } = await countOpenConversations(installation.chatwoot);
      const agentId = pickLeastLoaded(online, counts, conversation.id);
      if (agentId === undefined) return;
      await actor.assignConversationAgent(conversation.id, agentId);
      actions.reassignedTo = agentId;
    });
  }
  if (onWarning.note) {
    await attempt('post the note', async () => {
      const target = clock.target!;
      const done = [
        actions.priority ? `priority raised to ${actions.priority}` : '',
        actions.reassignedTo !== undefined ? `reassigned to agent #${actions.reassignedTo}` : '',
      ].filter(Boolean);
      const content =
        `**SLA warning:** the ${KIND_TEXT[clock.kind]} is ${describeDue(target.deadline, options.timezone, options.now)} ` +
        `(target ${target.minutes} min${target.name ? `, "${target.name}"` : ''}${target.businessHoursOnly ? ', business hours' : ''}).` +
        (done.length ? ` Omniloom ${done.join(' and ')}.` : '');
      await actor.createMessage(conversation.id, { content, private: true, message_type: 'outgoing' });
      actions.note = true;
    });
  }
  return actions;
}

/** The private note left when a target was missed. */
export function breachNote(clock: ResponseClock, timezone: string): string {
  const target = clock.target!;
  const due = DateTime.fromISO(target.deadline, { zone: timezone }).toFormat('HH:mm');
  return `**SLA missed:** the ${KIND_TEXT[clock.kind]} was due at ${due} (${timezone}); target ${target.minutes} min${target.name ? `, "${target.name}"` : ''}.`;
}
