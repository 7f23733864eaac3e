import type { ChatwootMessage } from '../../plugin/chatwoot/types.ts';
import type { InstallationContext } from '../../plugin/install/installation-directory.ts';

/** Chatwoot pages messages 20 at a time. */
const PAGE_SIZE = 20;

/**
 * The messages with these ids, read from the conversation newest page first
 * (suggestions answer recent messages), going back at most `maxPages` pages.
 */
export async function findCustomerMessages(
  installation: InstallationContext,
  conversationId: number,
  ids: readonly number[],
  maxPages = 3,
): Promise<Map<number, ChatwootMessage>> {
  const wanted = new Set(ids);
  const found = new Map<number, ChatwootMessage>();
  let before: number | undefined;
  for (let page = 0; page < maxPages && found.size < wanted.size; page += 1) {
    const { messages } = await installation.chatwoot.listMessages(
      conversationId,
      before === undefined ? {} : { before },
    );
    for (const message of messages) if (wanted.has(message.id)) found.set(message.id, message);
    const oldest = messages[0];
    if (!oldest || messages.length < PAGE_SIZE) break;
    before = oldest.id;
  }
  return found;
}
