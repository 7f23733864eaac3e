import type { ChatwootEventSubscriber } from '../chatwoot-events/dispatch-chatwoot-events.ts';
import type { BotDeps } from './bot-deps.ts';
import { handleAccountEvent, handleBotEvent } from './handle-message-event.ts';

/**
 * The AI agent's Chatwoot event subscribers:
 * - `agent-bot` (agent bot URL): customer messages in bot inboxes are
 *   answered, handed off or suggested per the inbox's mode; agent replies and
 *   conversation opened/resolved keep the bot's per-conversation memory;
 * - `suggestions` (account webhook): suggestions for customer messages in
 *   conversations people handle, including inboxes without the bot.
 * A message delivered by both yields one suggestion (claimed by message id).
 */
export function createAgentBotSubscribers(deps: BotDeps): ChatwootEventSubscriber[] {
  return [
    {
      name: 'agent-bot',
      receivers: ['bot'],
      events: ['message_created', 'conversation_opened', 'conversation_resolved'],
      concurrency: 4,
      handle: (job) => handleBotEvent(deps, job),
    },
    {
      name: 'suggestions',
      receivers: ['account'],
      events: ['message_created'],
      concurrency: 2,
      handle: (job) => handleAccountEvent(deps, job),
    },
  ];
}
