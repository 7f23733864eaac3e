import type { AttachmentRecord, MessageRecord } from '../state/records.ts';
import type { SandboxState } from '../state/sandbox-state.ts';
import { isoTime, unixSeconds } from './format-time.ts';
import { presentAgentBotPushData, presentAgentBotWebhookData } from './present-agent-bots.ts';
import { presentContactPushData, presentContactWebhookData } from './present-contacts.ts';
import { presentInboxWebhookData } from './present-inboxes.ts';
import { presentUserPushData, presentUserWebhookData } from './present-users.ts';

const MESSAGE_TYPE_CODES = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

/** The integer `message_type` (`message_type_before_type_cast`). */
export function messageTypeCode(message: MessageRecord): number {
  return MESSAGE_TYPE_CODES[message.messageType];
}

/** URL of an uploaded file (`url_for(file)`: the Active Storage redirect route). */
export function blobUrl(
  state: SandboxState,
  attachment: AttachmentRecord,
  kind: 'blobs' | 'representations',
): string {
  if (!attachment.blobKey) return '';
  const name = encodeURIComponent(attachment.fileName ?? 'file');
  return `${state.baseUrl}/rails/active_storage/${kind}/redirect/${attachment.blobKey}/${name}`;
}

/** `Attachment#push_event_data`: base data plus the metadata of its file type. */
export function presentAttachment(
  state: SandboxState,
  attachment: AttachmentRecord,
): Record<string, unknown> {
  const base = {
    id: attachment.id,
    message_id: attachment.messageId,
    file_type: attachment.fileType,
    account_id: attachment.accountId,
  };
  switch (attachment.fileType) {
    case 'location':
      return {
        ...base,
        coordinates_lat: attachment.coordinatesLat,
        coordinates_long: attachment.coordinatesLong,
        fallback_title: attachment.fallbackTitle,
        data_url: attachment.externalUrl,
      };
    case 'fallback':
      return { ...base, fallback_title: attachment.fallbackTitle, data_url: attachment.externalUrl };
    case 'contact':
      return { ...base, fallback_title: attachment.fallbackTitle, meta: attachment.meta ?? {} };
    default: {
      const file = {
        ...base,
        extension: attachment.extension,
        data_url: attachment.blobKey ? blobUrl(state, attachment, 'blobs') : (attachment.externalUrl ?? ''),
        thumb_url:
          attachment.fileType === 'image' && attachment.blobKey
            ? blobUrl(state, attachment, 'representations')
            : '',
        file_size: attachment.byteSize,
        width: attachment.width,
        height: attachment.height,
      };
      if (attachment.fileType === 'audio') return { ...file, transcribed_text: '' };
      return file;
    }
  }
}

/** `sender.push_event_data` of a message, or undefined when it has no sender (activity messages). */
function senderPushData(state: SandboxState, message: MessageRecord): Record<string, unknown> | undefined {
  const sender = message.sender;
  if (!sender) return undefined;
  if (sender.type === 'Contact') {
    const contact = state.contacts.get(sender.id);
    return contact ? presentContactPushData(contact) : undefined;
  }
  if (sender.type === 'User') {
    const user = state.users.get(sender.id);
    return user ? presentUserPushData(user) : undefined;
  }
  const bot = state.agentBots.get(sender.id);
  return bot ? presentAgentBotPushData(bot) : undefined;
}

/** `sender.try(:webhook_data)`: contact shape without `type`, `{id,name,email,type:'user'}` or `{id,name,type:'agent_bot'}`. */
function senderWebhookData(state: SandboxState, message: MessageRecord): Record<string, unknown> | null {
  const sender = message.sender;
  if (!sender) return null;
  if (sender.type === 'Contact') {
    const contact = state.contacts.get(sender.id);
    return contact ? presentContactWebhookData(state, contact) : null;
  }
  if (sender.type === 'User') {
    const user = state.users.get(sender.id);
    return user ? presentUserWebhookData(user) : null;
  }
  const bot = state.agentBots.get(sender.id);
  return bot ? presentAgentBotWebhookData(bot) : null;
}

/** `Conversation#unread_incoming_messages.count`: incoming messages since the agent last looked, at most 10. */
export function unreadCount(state: SandboxState, conversationId: number): number {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return 0;
  const seen = conversation.agentLastSeenAt?.getTime();
  const unread = state
    .messagesOf(conversationId)
    .filter(
      (message) =>
        message.messageType === 'incoming' && (seen === undefined || message.createdAt.getTime() > seen),
    );
  return Math.min(unread.length, 10);
}

/** `Message#push_event_data`: every column plus the slim conversation and the sender's push data. */
export function presentMessagePushData(state: SandboxState, message: MessageRecord): Record<string, unknown> {
  const conversation = state.conversations.get(message.conversationId);
  const contactInbox = conversation ? state.contactInboxes.get(conversation.contactInboxId) : undefined;
  const data: Record<string, unknown> = {
    id: message.id,
    content: message.content,
    account_id: message.accountId,
    inbox_id: message.inboxId,
    conversation_id: conversation?.displayId ?? null,
    message_type: messageTypeCode(message),
    created_at: unixSeconds(message.createdAt),
    updated_at: isoTime(message.updatedAt),
    private: message.private,
    status: message.status,
    source_id: message.sourceId,
    content_type: message.contentType,
    content_attributes: message.contentAttributes,
    sender_type: message.sender?.type ?? null,
    sender_id: message.sender?.id ?? null,
    external_source_ids: message.externalSourceIds,
    additional_attributes: message.additionalAttributes,
    processed_message_content: message.content,
    sentiment: {},
    conversation: conversation
      ? {
          assignee_id: conversation.assigneeId,
          unread_count: unreadCount(state, conversation.id),
          last_activity_at: unixSeconds(conversation.lastActivityAt ?? conversation.createdAt),
          contact_inbox: { source_id: contactInbox?.sourceId ?? null },
        }
      : null,
  };
  if (message.echoId) data.echo_id = message.echoId;
  if (message.attachments.length > 0)
    data.attachments = message.attachments.map((a) => presentAttachment(state, a));
  const sender = senderPushData(state, message);
  if (sender) data.sender = sender;
  return data;
}

/** `app/views/api/v1/models/_message.json.jbuilder`. */
export function presentMessage(state: SandboxState, message: MessageRecord): Record<string, unknown> {
  const conversation = state.conversations.get(message.conversationId);
  const json: Record<string, unknown> = {
    id: message.id,
    content: message.content,
    inbox_id: message.inboxId,
  };
  if (message.echoId) json.echo_id = message.echoId;
  Object.assign(json, {
    conversation_id: conversation?.displayId ?? null,
    message_type: messageTypeCode(message),
    content_type: message.contentType,
    status: message.status,
    content_attributes: message.contentAttributes,
    created_at: unixSeconds(message.createdAt),
    private: message.private,
    source_id: message.sourceId,
  });
  const sender = senderPushData(state, message);
  if (sender) json.sender = sender;
  if (message.attachments.length > 0)
    json.attachments = message.attachments.map((a) => presentAttachment(state, a));
  return json;
}

/**
 * `Message#webhook_data`: root of message_created / message_updated. The conversation is passed in
 * (its push data) so the presenters of messages and conversations do not import each other.
 */
export function presentMessageWebhookData(
  state: SandboxState,
  message: MessageRecord,
  conversationPushData: Record<string, unknown>,
): Record<string, unknown> {
  const account = state.accounts.get(message.accountId);
  const inbox = state.inboxes.get(message.inboxId);
  const data: Record<string, unknown> = {
    account: { id: message.accountId, name: account?.name ?? '' },
    additional_attributes: message.additionalAttributes,
    content_attributes: message.contentAttributes,
    content_type: message.contentType,
    content: message.content,
    conversation: conversationPushData,
    created_at: isoTime(message.createdAt),
    id: message.id,
    inbox: inbox ? presentInboxWebhookData(inbox) : null,
    message_type: message.messageType,
    private: message.private,
    sender: senderWebhookData(state, message),
    source_id: message.sourceId,
  };
  if (message.attachments.length > 0)
    data.attachments = message.attachments.map((a) => presentAttachment(state, a));
  return data;
}
