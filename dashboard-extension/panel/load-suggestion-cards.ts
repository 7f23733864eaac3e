import type { InstallationContext } from '../../plugin/install/installation-directory.ts';
import type { Store } from '../../plugin/store/store.ts';
import { findCustomerMessages } from './find-customer-messages.ts';
import { presentSuggestion, type SuggestionCard } from './present-suggestion.ts';

/** How many suggestions the panel lists (newest first); older ones are in the analytics, not the side panel. */
export const SUGGESTIONS_SHOWN = 6;

/** The latest suggestions of a (verified) conversation with the customer messages they answer. */
export async function loadSuggestionCards(
  store: Pick<Store, 'suggestions'>,
  installation: InstallationContext,
  conversationId: number,
): Promise<SuggestionCard[]> {
  const records = await store.suggestions.listForConversation(
    installation.record.id,
    conversationId,
    SUGGESTIONS_SHOWN,
  );
  if (records.length === 0) return [];
  const questions = await findCustomerMessages(
    installation,
    conversationId,
    records.map((record) => record.chatwootMessageId),
  );
  return records.map((record) => presentSuggestion(record, questions.get(record.chatwootMessageId)));
}
