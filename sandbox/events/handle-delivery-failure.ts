import { createActivityMessage } from '../domain/create-message.ts';
import type { SandboxContext } from '../domain/sandbox-context.ts';
import { saveConversation } from '../domain/save-conversation.ts';
import { updateMessageStatus } from '../domain/update-message.ts';
import type { Receiver } from './find-receivers.ts';

/**
 * `Webhooks::Trigger#handle_error`, for message_created / message_updated only: a failed post to an API
 * inbox's `webhook_url` marks the message `failed` with the error text (→ message_updated); a failed
 * post to an agent bot while the conversation is pending opens the conversation and adds an activity
 * message.
 */
export function handleDeliveryFailure(
  context: SandboxContext,
  receiver: Receiver,
  payload: Record<string, unknown>,
  error: string,
): void {
  if (payload.event !== 'message_created' && payload.event !== 'message_updated') return;
  const message = typeof payload.id === 'number' ? context.state.messages.get(payload.id) : undefined;
  if (!message) return;
  if (receiver.kind === 'api_inbox_webhook') {
    updateMessageStatus(context, message, 'failed', error);
    return;
  }
  if (receiver.kind !== 'agent_bot_webhook') return;
  const conversation = context.state.conversations.get(message.conversationId);
  if (conversation?.status !== 'pending') return;
  saveConversation(context, conversation, { status: 'open' });
  createActivityMessage(
    context,
    conversation,
    'Conversation was marked open by system due to an error with the agent bot.',
  );
}
