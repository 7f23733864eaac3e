import { toJsonValue } from '../presenters/format-time.ts';
import { presentAgentBotWebhookData } from '../presenters/present-agent-bots.ts';
import { presentContactInboxWebhookData, presentContactWebhookData } from '../presenters/present-contacts.ts';
import { presentConversationPushData } from '../presenters/present-conversations.ts';
import { presentMessageWebhookData } from '../presenters/present-messages.ts';
import { presentUserWebhookData } from '../presenters/present-users.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import type { ChangeSet, DomainEvent } from './record-events.ts';

/** `BaseListener#extract_changed_attributes`: `[{ attr: { previous_value, current_value } }]`, or null when empty. */
export function presentChangedAttributes(
  changes: ChangeSet | undefined,
): Array<Record<string, unknown>> | null {
  if (!changes || changes.length === 0) return null;
  return changes.map(([attribute, [previous, current]]) => ({
    [attribute]: { previous_value: toJsonValue(previous), current_value: toJsonValue(current) },
  }));
}

/**
 * The JSON body Chatwoot posts for an event (`WebhookListener` / `AgentBotListener`), built from the
 * current state; undefined when the records are gone or the event is not delivered
 * (non-sendable messages, contact_updated without changes).
 */
export function buildEventPayload(
  state: SandboxState,
  event: DomainEvent,
): Record<string, unknown> | undefined {
  switch (event.name) {
    case 'contact_created':
    case 'contact_updated': {
      const contact = state.contacts.get(event.contactId);
      if (!contact) return undefined;
      if (event.name === 'contact_created')
        return { ...presentContactWebhookData(state, contact), event: event.name };
      const changed = presentChangedAttributes(event.changes);
      if (!changed) return undefined;
      return { ...presentContactWebhookData(state, contact), event: event.name, changed_attributes: changed };
    }
    case 'conversation_created':
    case 'conversation_opened':
    case 'conversation_resolved': {
      const conversation = state.conversations.get(event.conversationId);
      if (!conversation) return undefined;
      return { ...presentConversationPushData(state, conversation), event: event.name };
    }
    case 'conversation_status_changed':
    case 'conversation_updated': {
      const conversation = state.conversations.get(event.conversationId);
      if (!conversation) return undefined;
      // conversation_status_changed is dispatched with the pre-save `status_change`, which is empty
      // after the save, so Chatwoot sends `changed_attributes: null`.
      const changed = event.name === 'conversation_updated' ? presentChangedAttributes(event.changes) : null;
      return {
        ...presentConversationPushData(state, conversation),
        event: event.name,
        changed_attributes: changed,
      };
    }
    case 'message_created':
    case 'message_updated': {
      const message = state.messages.get(event.messageId);
      if (!message || message.messageType === 'activity') return undefined; // webhook_sendable?
      const conversation = state.conversations.get(message.conversationId);
      if (!conversation) return undefined;
      const conversationData = presentConversationPushData(state, conversation);
      return { ...presentMessageWebhookData(state, message, conversationData), event: event.name };
    }
    case 'conversation_typing_on':
    case 'conversation_typing_off': {
      const conversation = state.conversations.get(event.conversationId);
      if (!conversation) return undefined;
      const user = event.typist.kind === 'user' ? state.users.get(event.typist.id) : undefined;
      const bot = event.typist.kind === 'bot' ? state.agentBots.get(event.typist.id) : undefined;
      return {
        event: event.name,
        user: user ? presentUserWebhookData(user) : bot ? presentAgentBotWebhookData(bot) : null,
        conversation: presentConversationPushData(state, conversation),
        is_private: event.isPrivate,
      };
    }
    case 'webwidget_triggered': {
      const row = state.contactInboxes.get(event.contactInboxId);
      if (!row) return undefined;
      const current = state.conversationsOfContactInbox(row.id).at(-1);
      const currentData = current ? presentConversationPushData(state, current) : null;
      return {
        ...presentContactInboxWebhookData(state, row, currentData),
        event: event.name,
        event_info: event.eventInfo,
      };
    }
  }
}
