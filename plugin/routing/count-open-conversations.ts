import type { ChatwootClient } from '../chatwoot/client.ts';

/** Chatwoot's conversation list returns 25 per page. */
const PAGE_SIZE = 25;

/**
 * Open conversations per assigned agent, read page by page from Chatwoot's
 * conversation list (`status=open&assignee_type=assigned`). Stops after
 * `maxPages`; `complete` says whether every assigned conversation was seen.
 */
export async function countOpenConversations(
  chatwoot: ChatwootClient,
  options: { maxPages?: number } = {},
): Promise<{ counts: Map<number, number>; complete: boolean }> {
  const maxPages = options.maxPages ?? 40;
  const counts = new Map<number, number>();
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    const { conversations, meta } = await chatwoot.listConversations({
      status: 'open',
      assignee_type: 'assigned',
      page,
    });
    for (const conversation of conversations) {
      const assignee = conversation.meta?.assignee;
      const isUser = (conversation.meta?.assignee_type ?? 'User').toLowerCase() === 'user';
      if (assignee && isUser) counts.set(assignee.id, (counts.get(assignee.id) ?? 0) + 1);
    }
    seen += conversations.length;
    const total = meta.assigned_count;
    if (conversations.length < PAGE_SIZE || (typeof total === 'number' && seen >= total))
      return { counts, complete: true };
  }
  return { counts, complete: false };
}
