import type { SandboxState } from '../state/sandbox-state.ts';
import type { DomainEvent } from './record-events.ts';

/** Kinds of receivers, named like Chatwoot's `webhook_type` argument of `WebhookJob`. */
export type ReceiverKind = 'account_webhook' | 'api_inbox_webhook' | 'agent_bot_webhook';

/** Where one event is posted. `id` is the webhook, inbox or agent bot id. */
export interface Receiver {
  kind: ReceiverKind;
  id: number;
  url: string;
}

const INBOX_EVENTS = new Set([
  'conversation_created',
  'conversation_updated',
  'conversation_status_changed',
  'message_created',
  'message_updated',
  'conversation_typing_on',
  'conversation_typing_off',
  'webwidget_triggered',
]);
const BOT_EVENTS = new Set([
  'message_created',
  'message_updated',
  'conversation_opened',
  'conversation_resolved',
  'webwidget_triggered',
]);

/** Account and inbox of an event's records. */
function locate(
  state: SandboxState,
  event: DomainEvent,
): { accountId: number; inboxId?: number; conversationId?: number } | undefined {
  switch (event.name) {
    case 'contact_created':
    case 'contact_updated': {
      const contact = state.contacts.get(event.contactId);
      return contact ? { accountId: contact.accountId } : undefined;
    }
    case 'message_created':
    case 'message_updated': {
      const message = state.messages.get(event.messageId);
      return message
        ? { accountId: message.accountId, inboxId: message.inboxId, conversationId: message.conversationId }
        : undefined;
    }
    case 'webwidget_triggered': {
      const row = state.contactInboxes.get(event.contactInboxId);
      const inbox = row ? state.inboxes.get(row.inboxId) : undefined;
      return inbox ? { accountId: inbox.accountId, inboxId: inbox.id } : undefined;
    }
    default: {
      const conversation = state.conversations.get(event.conversationId);
      return conversation
        ? {
            accountId: conversation.accountId,
            inboxId: conversation.inboxId,
            conversationId: conversation.id,
          }
        : undefined;
    }
  }
}

/**
 * Every receiver of an event, as `WebhookListener` and `AgentBotListener` pick them: the account's
 * webhooks subscribed to the event (all inboxes), the API inbox's `webhook_url` for conversation and
 * message events of that inbox, and for bot events the conversation's assigned bot plus the inbox's
 * active bot (`agent_bots_for`), when they have an `outgoing_url`.
 */
export function findReceivers(state: SandboxState, event: DomainEvent): Receiver[] {
  const where = locate(state, event);
  if (!where) return [];
  const receivers: Receiver[] = [];
  for (const webhook of state.webhooks.values()) {
    if (webhook.accountId !== where.accountId || webhook.webhookType !== 'account_type') continue;
    if (webhook.subscriptions.includes(event.name))
      receivers.push({ kind: 'account_webhook', id: webhook.id, url: webhook.url });
  }
  const inbox = where.inboxId ? state.inboxes.get(where.inboxId) : undefined;
  if (
    inbox &&
    INBOX_EVENTS.has(event.name) &&
    inbox.channel.type === 'Channel::Api' &&
    inbox.channel.webhookUrl
  ) {
    receivers.push({ kind: 'api_inbox_webhook', id: inbox.id, url: inbox.channel.webhookUrl });
  }
  if (inbox && BOT_EVENTS.has(event.name)) {
    const botIds: number[] = [];
    const conversation = where.conversationId ? state.conversations.get(where.conversationId) : undefined;
    if (conversation?.assigneeAgentBotId && event.name !== 'webwidget_triggered')
      botIds.push(conversation.assigneeAgentBotId);
    const inboxBot = state.activeInboxBot(inbox.id);
    if (inboxBot && !botIds.includes(inboxBot.id)) botIds.push(inboxBot.id);
    for (const botId of botIds) {
      const bot = state.agentBots.get(botId);
      if (bot?.outgoingUrl) receivers.push({ kind: 'agent_bot_webhook', id: bot.id, url: bot.outgoingUrl });
    }
  }
  return receivers;
}
