import type { ConversationRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { NotFoundError } from './errors.ts';
import { likeMatch } from './search-contacts.ts';

/** Counts shown beside conversation lists. */
export interface ConversationCounts {
  mine_count: number;
  assigned_count: number;
  unassigned_count: number;
  all_count: number;
}

/** Query of the conversation list (`ConversationFinder` params). */
export interface ConversationQuery {
  status?: string;
  assigneeType?: string;
  inboxId?: number;
  teamId?: number;
  labels?: string[];
  q?: string;
  sourceId?: string;
  sortBy?: string;
  conversationType?: string;
  page: number;
}

const PAGE_SIZE = 25;
const PRIORITY_RANK: Record<string, number> = { low: 0, medium: 1, high: 2, urgent: 3 };

/** Sort key functions of `ConversationFinder::SORT_OPTIONS`. */
function sorter(sortBy: string | undefined): (a: ConversationRecord, b: ConversationRecord) => number {
  const activity = (c: ConversationRecord) => (c.lastActivityAt ?? c.createdAt).getTime();
  switch (sortBy) {
    case 'last_activity_at_asc':
      return (a, b) => activity(a) - activity(b);
    case 'created_at_asc':
    case 'sort_on_created_at':
      return (a, b) => a.createdAt.getTime() - b.createdAt.getTime();
    case 'created_at_desc':
      return (a, b) => b.createdAt.getTime() - a.createdAt.getTime();
    case 'priority_asc':
      return (a, b) => (PRIORITY_RANK[a.priority ?? ''] ?? 99) - (PRIORITY_RANK[b.priority ?? ''] ?? 99);
    case 'priority_desc':
    case 'sort_on_priority':
      return (a, b) => (PRIORITY_RANK[b.priority ?? ''] ?? -1) - (PRIORITY_RANK[a.priority ?? ''] ?? -1);
    case 'waiting_since_asc':
    case 'sort_on_waiting_since':
      return (a, b) => (a.waitingSince?.getTime() ?? Infinity) - (b.waitingSince?.getTime() ?? Infinity);
    case 'waiting_since_desc':
      return (a, b) => (b.waitingSince?.getTime() ?? -Infinity) - (a.waitingSince?.getTime() ?? -Infinity);
    default:
      return (a, b) => activity(b) - activity(a);
  }
}

/**
 * `ConversationFinder#perform`: conversations of the account visible to the user (administrators see
 * all; agents those of their inboxes), filtered by status (default open, `all` for every status;
 * ignored with `q`), team, labels (any), message content `q`, contact inbox `source_id`; counts are
 * taken before the `assignee_type` filter, then the page (25) in the requested order.
 */
export function findConversations(
  state: SandboxState,
  accountId: number,
  userId: number,
  isAdmin: boolean,
  query: ConversationQuery,
): { conversations: ConversationRecord[]; counts: ConversationCounts } {
  let rows = [...state.conversations.values()].filter((conversation) => conversation.accountId === accountId);
  if (query.inboxId !== undefined)
    rows = rows.filter((conversation) => conversation.inboxId === query.inboxId);
  if (!isAdmin) {
    rows = rows.filter((conversation) => state.inboxes.get(conversation.inboxId)?.memberIds.has(userId));
  }
  if (query.conversationType === 'unattended') {
    rows = rows.filter((conversation) => !conversation.firstReplyCreatedAt || conversation.waitingSince);
  }
  if (!query.q && query.status !== 'all')
    rows = rows.filter((conversation) => conversation.status === (query.status || 'open'));
  if (query.teamId !== undefined) {
    const team = state.teams.get(query.teamId);
    if (!team || team.accountId !== accountId) throw new NotFoundError();
    rows = rows.filter((conversation) => conversation.teamId === team.id);
  }
  if (query.labels && query.labels.length > 0) {
    const labels = query.labels;
    rows = rows.filter((conversation) => conversation.labels.some((label) => labels.includes(label)));
  }
  if (query.q) {
    const pattern = `%${query.q}%`;
    rows = rows.filter((conversation) =>
      state
        .messagesOf(conversation.id)
        .some(
          (message) =>
            ['incoming', 'outgoing'].includes(message.messageType) &&
            likeMatch(message.content, pattern, true),
        ),
    );
  }
  if (query.sourceId) {
    rows = rows.filter(
      (conversation) => state.contactInboxes.get(conversation.contactInboxId)?.sourceId === query.sourceId,
    );
  }
  const counts = countConversations(rows, userId);
  if (query.assigneeType === 'me') rows = rows.filter((conversation) => conversation.assigneeId === userId);
  if (query.assigneeType === 'unassigned')
    rows = rows.filter((conversation) => conversation.assigneeId === null);
  if (query.assigneeType === 'assigned')
    rows = rows.filter((conversation) => conversation.assigneeId !== null);
  rows.sort(sorter(query.sortBy));
  return { conversations: rows.slice((query.page - 1) * PAGE_SIZE, query.page * PAGE_SIZE), counts };
}

/** mine / assigned / unassigned / all counts of a set of conversations. */
export function countConversations(
  rows: ConversationRecord[],
  userId: number | undefined,
): ConversationCounts {
  const all = rows.length;
  const unassigned = rows.filter((conversation) => conversation.assigneeId === null).length;
  return {
    mine_count: rows.filter((conversation) => userId !== undefined && conversation.assigneeId === userId)
      .length,
    assigned_count: all - unassigned,
    unassigned_count: unassigned,
    all_count: all,
  };
}

/** One page (25) of conversations sorted by last activity, newest first (`sort_on_last_activity_at`). */
export function pageByActivity(rows: ConversationRecord[], page: number): ConversationRecord[] {
  return [...rows].sort(sorter(undefined)).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
}
