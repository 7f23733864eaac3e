import { findProfile } from '../../channels/profiles.ts';
import type { ChatwootClient } from '../../chatwoot/client.ts';

/**
 * The parts a Markdown message is posted as on a conversation's channel.
 * Native inboxes whose channel Chatwoot sends raw (WhatsApp, SMS, Messenger…)
 * get the channel's own dialect and length limits; where Chatwoot converts
 * Markdown itself (web widget, email, Telegram) or a bridge renders on the
 * way out (API inboxes), the profile keeps Markdown
 * (plugin/channels/CHATWOOT-DELIVERY.md).
 */
export function renderForChannel(markdown: string, channelType: string | undefined): string[] {
  const profile = channelType ? findProfile(channelType) : undefined;
  if (!profile) return markdown.trim() ? [markdown.trim()] : [];
  return profile.render(markdown).parts.filter((part) => part.trim() !== '');
}

/**
 * Posts a customer-facing message as the agent bot, rendered for the channel.
 * Returns the Chatwoot ids of the messages created. `skip` parts already
 * posted (a retried job resumes after them).
 */
export async function postBotMessage(
  bot: ChatwootClient,
  conversationId: number,
  markdown: string,
  channelType: string | undefined,
  options: { skip?: number; onPosted?: (index: number, messageId: number) => Promise<void> } = {},
): Promise<number[]> {
  const ids: number[] = [];
  const parts = renderForChannel(markdown, channelType);
  for (let index = options.skip ?? 0; index < parts.length; index++) {
    const message = await bot.createMessage(conversationId, {
      content: parts[index]!,
      message_type: 'outgoing',
    });
    ids.push(message.id);
    await options.onPosted?.(index, message.id);
  }
  return ids;
}
