import type { Logger } from '../../logger.ts';
import type { Store, SuggestionRecord } from '../../store/store.ts';
import type { ConversationFacts } from '../conversation-facts.ts';
import { BOT_ANALYTICS, recordBotAnalytics } from '../record-bot-analytics.ts';
import { storeSuggestion, type SuggestionContent } from './create-suggestion.ts';
import type { RealtimeEmitter } from './suggestion-events.ts';

export interface SuggestOnceDeps {
  store: Pick<Store, 'suggestions' | 'idempotency' | 'analytics'>;
  logger: Logger;
  realtime?: RealtimeEmitter;
  now: () => Date;
}

/**
 * Creates the suggestion for one customer message at most once, however many
 * webhooks deliver the message (the agent bot's and the account's both do in
 * bot inboxes): the message id is claimed first. `content` is only computed
 * by the caller that wins the claim. A failure releases the claim so the
 * retried job can try again.
 */
export async function suggestOnce(
  deps: SuggestOnceDeps,
  facts: ConversationFacts,
  content: () => Promise<SuggestionContent | undefined>,
): Promise<SuggestionRecord | undefined> {
  const scope = `${facts.installationId}:suggestion`;
  const key = String(facts.messageId);
  if (!(await deps.store.idempotency.claim(scope, key))) return undefined;
  let record: SuggestionRecord | undefined;
  try {
    const suggestion = await content();
    if (!suggestion) return undefined;
    record = await storeSuggestion(
      deps,
      {
        installationId: facts.installationId,
        conversationId: facts.conversationId,
        messageId: facts.messageId,
      },
      suggestion,
    );
  } catch (error) {
    await deps.store.idempotency.release(scope, key);
    throw error;
  }
  if (record) {
    await recordBotAnalytics(deps, {
      installationId: facts.installationId,
      type: BOT_ANALYTICS.suggestion,
      channel: facts.channel,
      inboxId: facts.inboxId,
      conversationId: facts.conversationId,
      data: { suggestionId: record.id, messageId: facts.messageId, confidence: record.confidence },
    });
  }
  return record;
}
