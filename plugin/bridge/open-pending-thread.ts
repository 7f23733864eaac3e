import type { Logger } from 'pino';
import type { ConnectorAccount, ThreadOpener } from '../../connectors/core/connector.ts';
import type { ThreadRef } from '../messages/normalized-message.ts';
import type { Store, ThreadLinkRecord } from '../store/store.ts';
import { addressForStorage, threadFromStorage } from './thread-address.ts';
import { withKeyLock } from './with-key-lock.ts';

/** Longer than a few platform calls with their timeouts, so a slow opening keeps its lock. */
const OPENING_LOCK_TTL_MS = 60_000;

/**
 * The thread a reply in `link`'s conversation goes to, opened on the platform
 * first when the conversation began before its thread existed (a Discord
 * `/support` ticket, keyed `ticket:<interaction id>`).
 *
 * Each opening step is recorded as soon as the platform has answered, on the
 * link the conversation was found by and on the opened thread's own key
 * (where the customer's messages arrive), before the next step or the reply.
 * So a reply that fails after the thread was created, a crash, or a second
 * reply racing this one (serialised by a lock per conversation) reuses the
 * thread instead of opening another. What no record can cover is a crash
 * between the platform creating the thread and the first write.
 */
export async function openPendingThread(
  deps: { store: Store; logger: Logger; maxAttachmentBytes: number },
  opener: ThreadOpener | undefined,
  account: ConnectorAccount,
  link: ThreadLinkRecord,
): Promise<ThreadRef> {
  const thread = threadFromStorage(link.threadKey, link.address);
  if (!opener?.isPending(thread)) return thread;
  const { installationId, conversationId } = link;
  return withKeyLock(
    deps.store.idempotency,
    `open-thread:${installationId}:${conversationId}`,
    async () => {
      // Whoever held the lock before us, or an earlier attempt of this reply, may have opened it already.
      const origin = (await deps.store.threads.findByConversation(installationId, conversationId)) ?? link;
      let current = threadFromStorage(origin.threadKey, origin.address);
      while (opener.isPending(current)) {
        current = await opener.advance(current, account, {
          logger: deps.logger,
          maxAttachmentBytes: deps.maxAttachmentBytes,
        });
        const address = addressForStorage(current);
        await deps.store.threads.upsert({ ...origin, address });
        // Written last, so the conversation's most recently touched link is the opened thread.
        if (current.key !== origin.threadKey) {
          await deps.store.threads.upsert({ ...origin, threadKey: current.key, address });
        }
      }
      return current;
    },
    { ttlMs: OPENING_LOCK_TTL_MS },
  );
}
