import type { ConversationStatus } from '../chatwoot/types.ts';
import type { KeyValueStore } from '../store/store.ts';

/**
 * Who spoke in a conversation since it was last resolved, so its resolution
 * can say whether the AI agent resolved it alone.
 */
export interface ConversationTally {
  status?: ConversationStatus;
  botReplied: boolean;
  humanReplied: boolean;
  /** The conversation went from the bot (pending) to the team (open). */
  handedOff: boolean;
  /** Messages up to this id belong to an earlier, resolved episode. */
  episodeFromMessageId?: number;
}

const namespace = (installationId: string) => `${installationId}:analytics-conversations`;

export async function loadTally(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
): Promise<ConversationTally> {
  return (
    (await kv.get<ConversationTally>(namespace(installationId), String(conversationId))) ?? {
      botReplied: false,
      humanReplied: false,
      handedOff: false,
    }
  );
}

export async function saveTally(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
  tally: ConversationTally,
): Promise<void> {
  await kv.set(namespace(installationId), String(conversationId), tally);
}
