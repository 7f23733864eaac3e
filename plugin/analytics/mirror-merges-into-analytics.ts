import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { ANALYTICS_EVENTS } from './analytics-event-types.ts';

/**
 * The store, except that an audit entry for a contact merge (identity's
 * `contact.merged`) also becomes a `contact.merged` analytics event: merges
 * are counted without the identity module knowing about analytics. The audit
 * entry's id is deterministic per merge, so a repeated append counts once.
 */
export function mirrorMergesIntoAnalytics(store: Store, logger: Logger): Store {
  return {
    ...store,
    audit: {
      ...store.audit,
      async append(entry) {
        await store.audit.append(entry);
        if (entry.action !== 'contact.merged') return;
        try {
          if (!(await store.idempotency.claim(`${entry.installationId}:analytics`, `merge:${entry.id}`)))
            return;
          const conversationId =
            typeof entry.data.conversationId === 'number' ? entry.data.conversationId : undefined;
          const thread =
            conversationId !== undefined
              ? await store.threads.findByConversation(entry.installationId, conversationId)
              : undefined;
          await store.analytics.record({
            installationId: entry.installationId,
            type: ANALYTICS_EVENTS.contactMerged,
            ...(thread ? { channel: thread.channel } : {}),
            ...(conversationId !== undefined ? { conversationId } : {}),
            at: entry.at,
            data: { trigger: entry.data.trigger ?? null, actor: entry.actor },
          });
        } catch (error) {
          logger.warn(
            { err: error, installationId: entry.installationId },
            'merge analytics event not recorded',
          );
        }
      },
    },
  };
}
