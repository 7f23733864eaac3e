import type { ChangeSet } from '../events/record-events.ts';
import type { ConversationPriority, ConversationRecord, ConversationStatus } from '../state/records.ts';
import { createActivityMessage } from './create-message.ts';
import { type SandboxContext, actorName } from './sandbox-context.ts';
import { changeOf, sameValue, snapshot } from './track-changes.ts';

/** Attributes of a conversation a save can change, named like Chatwoot's columns. */
export interface ConversationChanges {
  status?: ConversationStatus;
  priority?: ConversationPriority | null;
  assignee_id?: number | null;
  assignee_agent_bot_id?: number | null;
  team_id?: number | null;
  label_list?: string[];
  custom_attributes?: Record<string, unknown>;
  additional_attributes?: Record<string, unknown>;
  snoozed_until?: Date | null;
  waiting_since?: Date | null;
  first_reply_created_at?: Date | null;
  agent_last_seen_at?: Date | null;
  contact_id?: number;
  contact_inbox_id?: number;
}

const FIELD: Record<keyof ConversationChanges, keyof ConversationRecord> = {
  status: 'status',
  priority: 'priority',
  assignee_id: 'assigneeId',
  assignee_agent_bot_id: 'assigneeAgentBotId',
  team_id: 'teamId',
  label_list: 'labels',
  custom_attributes: 'customAttributes',
  additional_attributes: 'additionalAttributes',
  snoozed_until: 'snoozedUntil',
  waiting_since: 'waitingSince',
  first_reply_created_at: 'firstReplyCreatedAt',
  agent_last_seen_at: 'agentLastSeenAt',
  contact_id: 'contactId',
  contact_inbox_id: 'contactInboxId',
};

/** Changes that make Chatwoot emit conversation_updated (`Conversation#list_of_keys`). */
const UPDATE_EVENT_KEYS = new Set([
  'team_id',
  'assignee_id',
  'assignee_agent_bot_id',
  'status',
  'snoozed_until',
  'custom_attributes',
  'label_list',
  'waiting_since',
  'first_reply_created_at',
  'priority',
]);

const STATUS_ACTIVITY: Record<ConversationStatus, string> = {
  resolved: 'Conversation was marked resolved by %{user_name}',
  open: 'Conversation was reopened by %{user_name}',
  pending: 'Conversation was marked as pending by %{user_name}',
  snoozed: 'Conversation was snoozed by %{user_name}',
};

/**
 * Save attribute changes of a conversation with the model's callbacks: the before-save rules
 * (bot assignee reset, team membership, snooze reset), then after commit the status events
 * (conversation_opened / _resolved / _status_changed), activity messages and conversation_updated
 * with `changed_attributes` (`app/models/conversation.rb`). Returns the change set (empty when
 * nothing changed, in which case nothing is saved or emitted).
 */
export function saveConversation(
  context: SandboxContext,
  conversation: ConversationRecord,
  requested: ConversationChanges,
): ChangeSet {
  const wanted: ConversationChanges = { ...requested };
  const { state } = context;
  if (wanted.team_id !== undefined && wanted.team_id !== conversation.teamId) {
    // ensure_assignee_is_from_team: an assignee outside the new team is dropped.
    const team = wanted.team_id === null ? undefined : state.teams.get(wanted.team_id);
    const assignee = wanted.assignee_id !== undefined ? wanted.assignee_id : conversation.assigneeId;
    if (team && assignee !== null && !team.memberIds.has(assignee)) wanted.assignee_id = null;
  }
  const assigneeAfter = wanted.assignee_id !== undefined ? wanted.assignee_id : conversation.assigneeId;
  if (assigneeAfter !== null) wanted.assignee_agent_bot_id = null; // reset_agent_bot_when_assignee_present
  const statusAfter = wanted.status ?? conversation.status;
  if (
    statusAfter !== 'snoozed' &&
    (wanted.snoozed_until !== undefined || conversation.snoozedUntil !== null)
  ) {
    wanted.snoozed_until = null; // ensure_snooze_until_reset
  }

  const changes: ChangeSet = [];
  let labelChange: [unknown, unknown] | undefined;
  for (const [key, value] of Object.entries(wanted) as Array<[keyof ConversationChanges, unknown]>) {
    if (value === undefined) continue;
    const field = FIELD[key];
    const previous = conversation[field];
    if (sameValue(previous, value)) continue;
    const change: [unknown, unknown] = [snapshot(previous), snapshot(value)];
    if (key === 'label_list') labelChange = change;
    else changes.push([key, change]);
    (conversation as unknown as Record<string, unknown>)[field] = snapshot(value);
  }
  if (changes.length === 0 && !labelChange) return [];
  const previousUpdatedAt = conversation.updatedAt;
  conversation.updatedAt = context.now();
  changes.push(['updated_at', [previousUpdatedAt, conversation.updatedAt]]);
  if (labelChange) changes.push(['label_list', labelChange]);
  afterUpdateCommit(context, conversation, changes);
  return changes;
}

/** `Conversation#execute_after_update_commit_callbacks` plus `AssignmentHandler`'s after-commit hooks. */
function afterUpdateCommit(
  context: SandboxContext,
  conversation: ConversationRecord,
  changes: ChangeSet,
): void {
  const statusChange = changeOf(changes, 'status');
  if (statusChange && conversation.status === 'resolved') conversation.waitingSince = null; // update_column, no event
  if (statusChange) {
    if (conversation.status === 'open')
      context.events.record({ name: 'conversation_opened', conversationId: conversation.id });
    if (conversation.status === 'resolved') {
      context.events.record({ name: 'conversation_resolved', conversationId: conversation.id });
    }
    context.events.record({ name: 'conversation_status_changed', conversationId: conversation.id });
  }
  createChangeActivities(context, conversation, changes);
  if (changes.some(([attribute]) => UPDATE_EVENT_KEYS.has(attribute)) || languageChanged(changes)) {
    context.events.record({ name: 'conversation_updated', conversationId: conversation.id, changes });
  }
}

function languageChanged(changes: ChangeSet): boolean {
  const change = changeOf(changes, 'additional_attributes');
  const current = change?.[1] as Record<string, unknown> | undefined;
  return Boolean(current && 'conversation_language' in current);
}

/** Activity messages of `ActivityMessageHandler` (status, priority, labels) and `AssignmentHandler` (team, assignee). */
function createChangeActivities(
  context: SandboxContext,
  conversation: ConversationRecord,
  changes: ChangeSet,
): void {
  const { actor, state } = context;
  const userName = actorName(actor);
  const statusChange = changeOf(changes, 'status');
  if (statusChange) {
    if (actor.kind === 'contact') {
      createActivityMessage(
        context,
        conversation,
        'System reopened the conversation due to a new incoming message.',
      );
    } else if (userName) {
      createActivityMessage(
        context,
        conversation,
        STATUS_ACTIVITY[conversation.status].replace('%{user_name}', userName),
      );
    }
  }
  const priorityChange = changeOf(changes, 'priority');
  if (priorityChange && (priorityChange[0] || priorityChange[1])) {
    const [before, after] = priorityChange as [string | null, string | null];
    const name = userName ?? '';
    const content =
      before && after
        ? `${name} changed the priority from ${before} to ${after}`
        : after
          ? `${name} set the priority to ${after}`
          : `${name} removed the priority`;
    createActivityMessage(context, conversation, content);
  }
  const labelChange = changeOf(changes, 'label_list');
  if (labelChange && userName) {
    const [before, after] = labelChange as [string[], string[]];
    const added = after.filter((label) => !before.includes(label));
    const removed = before.filter((label) => !after.includes(label));
    if (added.length > 0)
      createActivityMessage(context, conversation, `${userName} added ${added.join(', ')}`);
    if (removed.length > 0)
      createActivityMessage(context, conversation, `${userName} removed ${removed.join(', ')}`);
  }
  const teamChange = changeOf(changes, 'team_id');
  const assigneeChange = changeOf(changes, 'assignee_id');
  if (teamChange && userName) {
    const team = conversation.teamId ? state.teams.get(conversation.teamId) : undefined;
    const assignee = conversation.assigneeId ? state.users.get(conversation.assigneeId) : undefined;
    if (!team) {
      const previous = state.teams.get(teamChange[0] as number);
      createActivityMessage(context, conversation, `Unassigned from ${previous?.name ?? ''} by ${userName}`);
    } else if (assigneeChange && assignee) {
      createActivityMessage(
        context,
        conversation,
        `Assigned to ${assignee.name} via ${team.name} by ${userName}`,
      );
    } else {
      createActivityMessage(context, conversation, `Assigned to ${team.name} by ${userName}`);
    }
  } else if (assigneeChange && userName) {
    const assignee = conversation.assigneeId ? state.users.get(conversation.assigneeId) : undefined;
    let content: string;
    if (!conversation.assigneeId) content = `Conversation unassigned by ${userName}`;
    else if (actor.kind === 'user' && actor.user.id === conversation.assigneeId) {
      content = `${userName} self-assigned this conversation`;
    } else content = `Assigned to ${assignee?.name ?? ''} by ${userName}`;
    createActivityMessage(context, conversation, content);
  }
}
