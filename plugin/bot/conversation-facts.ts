import type { ChatwootConversation } from '../chatwoot/types.ts';
import { channelOf } from '../identity/load-customer-history.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { MessageEvent } from './read-message-event.ts';

/** The conversation a customer message belongs to, as the agent's steps need it. */
export interface ConversationFacts {
  installationId: string;
  conversationId: number;
  inboxId: number;
  messageId: number;
  contactId?: number;
  /** `whatsapp`, `email`, `discord`, … (for analytics, prompts and routing). */
  channel: string;
  /** Chatwoot channel type (`Channel::Whatsapp`), which picks how replies are rendered. */
  channelType?: string;
  text: string;
  labels: string[];
  contactAttributes: Record<string, unknown>;
}

/** Facts from a message event. */
export function conversationFacts(installation: InstallationContext, event: MessageEvent): ConversationFacts {
  const shim = {
    inbox_id: event.inboxId,
    additional_attributes: event.additionalAttributes,
    meta: { channel: event.channelType },
  } as unknown as ChatwootConversation;
  return {
    installationId: installation.record.id,
    conversationId: event.conversationId,
    inboxId: event.inboxId,
    messageId: event.messageId,
    ...(event.contactId !== undefined ? { contactId: event.contactId } : {}),
    channel: channelOf(installation, shim),
    ...(event.channelType ? { channelType: event.channelType } : {}),
    text: event.content,
    labels: event.labels,
    contactAttributes: event.contactAttributes,
  };
}
