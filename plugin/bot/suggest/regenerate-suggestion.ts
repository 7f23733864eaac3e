import { channelOf } from '../../identity/load-customer-history.ts';
import type { InstallationContext } from '../../install/installation-directory.ts';
import type { SuggestionRecord } from '../../store/store.ts';
import type { BotDeps } from '../bot-deps.ts';
import { loadConversationState } from '../conversation-state.ts';
import { chooseAnswerLanguage, detectLanguage } from '../detect-language.ts';
import { isUsefulDraft, prepareDraft } from '../prepare-draft.ts';
import { BOT_ANALYTICS, recordBotAnalytics } from '../record-bot-analytics.ts';
import { storeSuggestion, suggestionContentOf } from './create-suggestion.ts';

/** Drafts a fresh suggestion for a conversation's latest customer message ("suggest again" in the panel). */
export type RegenerateSuggestionFn = (
  installation: InstallationContext,
  conversationId: number,
) => Promise<SuggestionRecord | undefined>;

/**
 * "Suggest again": answers the conversation's latest customer message anew
 * (the knowledge base or the history may have changed), stores it as a new
 * pending suggestion, supersedes the older ones and pushes `suggestion:new`.
 * Undefined when the conversation has no customer text or nothing grounded to say.
 */
export function createSuggestionRegenerator(deps: BotDeps): RegenerateSuggestionFn {
  return async (installation, conversationId) => {
    const { messages } = await installation.chatwoot.listMessages(conversationId);
    const latest = [...messages]
      .reverse()
      .find((message) => message.message_type === 0 && !message.private && message.content?.trim());
    if (!latest?.content) return undefined;
    const conversation = await installation.chatwoot.getConversation(conversationId);
    const installationId = installation.record.id;
    const state = await loadConversationState(deps.store.kv, installationId, conversationId);
    const channel = channelOf(installation, conversation);
    const draft = await prepareDraft(deps, installation, {
      messageId: latest.id,
      conversationId,
      inboxId: conversation.inbox_id,
      ...(conversation.meta?.sender?.id !== undefined ? { contactId: conversation.meta.sender.id } : {}),
      question: latest.content,
      language: chooseAnswerLanguage(
        detectLanguage(latest.content),
        state.language,
        installation.settings.ai.languages,
      ),
      channel,
    });
    if (!isUsefulDraft(draft)) return undefined;
    const record = await storeSuggestion(
      deps,
      { installationId, conversationId, messageId: latest.id },
      suggestionContentOf(draft),
    );
    if (record) {
      await recordBotAnalytics(deps, {
        installationId,
        type: BOT_ANALYTICS.suggestion,
        channel,
        inboxId: conversation.inbox_id,
        conversationId,
        data: {
          suggestionId: record.id,
          messageId: latest.id,
          confidence: record.confidence,
          regenerated: true,
        },
      });
    }
    return record;
  };
}
