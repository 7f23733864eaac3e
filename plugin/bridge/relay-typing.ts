import type { Logger } from 'pino';
import type { Connector } from '../../connectors/core/connector.ts';
import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { Store } from '../store/store.ts';
import { loadConnectorAccount } from './load-connector-account.ts';
import { threadFromStorage } from './thread-address.ts';

/** An agent typing in Chatwoot shows as typing on channels that have an indicator. Private-note typing never does. */
export function createTypingRelaySubscriber(deps: {
  store: Store;
  secrets: SecretBox;
  connectors: (id: string) => Connector | undefined;
  logger: Logger;
  maxAttachmentBytes: number;
}): ChatwootEventSubscriber {
  return {
    name: 'typing',
    receivers: ['inbox'],
    events: ['conversation_typing_on'],
    async handle(job) {
      const payload = job.payload as { is_private?: boolean; conversation?: { id?: number } };
      const connector = job.channel ? deps.connectors(job.channel) : undefined;
      const conversationId = payload.conversation?.id;
      if (payload.is_private || !connector?.sendTyping || !conversationId) return;
      const thread = await deps.store.threads.findByConversation(job.installationId, conversationId);
      const loaded = await loadConnectorAccount(deps, job.installationId, connector.id);
      if (!thread || !loaded) return;
      // Typing is best effort: a late or failed indicator is not worth a retry.
      await connector
        .sendTyping(threadFromStorage(thread.threadKey, thread.address), loaded.account, deps)
        .catch((error: unknown) => deps.logger.debug({ err: error }, 'typing indicator failed'));
    },
  };
}
