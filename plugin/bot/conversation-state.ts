import type { KeyValueStore } from '../store/store.ts';
import type { HandoffReasonCode } from './handoff/handoff-reason.ts';

/**
 * What the agent remembers about one conversation while it handles it. An
 * "episode" lasts from the bot taking a conversation until it is resolved;
 * the next episode starts clean, so nothing from before a resolution (an old
 * hand-off, old failed questions) is replayed into the new one.
 */
export interface ConversationBotState {
  /** Messages with a higher id belong to this episode (0 for a conversation's first). */
  episodeFromMessageId?: number;
  /** Questions the bot answered in this episode (their comparison terms). */
  answered: Array<{ messageId: number; terms: string[]; at: string }>;
  handedOff?: { at: string; reason: HandoffReasonCode; messageId: number };
  /** The conversation was opened for the team (by the bot's hand-off or by a person). */
  openedAt?: string;
  /** A human agent replied publicly while the bot held the conversation: the bot stays out for the episode. */
  humanRepliedAt?: string;
  /** Language of the last answer. */
  language?: string;
}

const MAX_ANSWERED = 20;

function namespace(installationId: string): string {
  return `${installationId}:bot-conversations`;
}

/** The conversation's state (empty when none). */
export async function loadConversationState(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
): Promise<ConversationBotState> {
  return (
    (await kv.get<ConversationBotState>(namespace(installationId), String(conversationId))) ?? {
      answered: [],
    }
  );
}

export async function saveConversationState(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
  state: ConversationBotState,
): Promise<void> {
  await kv.set(namespace(installationId), String(conversationId), {
    ...state,
    answered: state.answered.slice(-MAX_ANSWERED),
  });
}

/**
 * Starts a new episode: forgets answers, hand-offs and human replies. Called
 * when the conversation is resolved, and when it is back with the bot after
 * being opened for the team (in case the resolved event was missed).
 */
export async function startNewEpisode(
  kv: KeyValueStore,
  installationId: string,
  conversationId: number,
  fromMessageId: number,
): Promise<ConversationBotState> {
  const state: ConversationBotState = { episodeFromMessageId: fromMessageId, answered: [] };
  await saveConversationState(kv, installationId, conversationId, state);
  return state;
}
