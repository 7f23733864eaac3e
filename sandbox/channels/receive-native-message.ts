import { createConversation } from '../domain/create-conversation.ts';
import { type NewAttachment, createMessage } from '../domain/create-message.ts';
import { NotFoundError, UnprocessableError } from '../domain/errors.ts';
import type { SandboxContext } from '../domain/sandbox-context.ts';
import type { ContactInboxRecord, ConversationRecord, InboxRecord, MessageRecord } from '../state/records.ts';
import { findNativeContactInbox } from './find-native-contact-inbox.ts';
import { identifyWidgetContact } from './identify-widget-contact.ts';
import type { NativeAttachment, NativeMessageInput } from './native-message-input.ts';
import { receiveEmail } from './receive-email.ts';

/** What arrived: the records Chatwoot ends up with. */
export interface NativeArrival {
  contactInbox: ContactInboxRecord;
  conversation: ConversationRecord;
  message: MessageRecord;
  /** True when the platform message id was seen before and nothing new was recorded. */
  duplicate: boolean;
}

function toAttachments(list: NativeAttachment[] | undefined): NewAttachment[] {
  return (list ?? []).map((item): NewAttachment => {
    if ('data' in item) {
      return {
        kind: 'file',
        fileName: item.file_name ?? 'file',
        contentType: item.content_type ?? 'application/octet-stream',
        data: Buffer.from(item.data, 'base64'),
      };
    }
    if (item.type === 'location') {
      return {
        kind: 'location',
        coordinatesLat: item.latitude,
        coordinatesLong: item.longitude,
        fallbackTitle: item.title ?? null,
        externalUrl: item.url ?? null,
      };
    }
    if (item.type === 'contact') {
      const meta: Record<string, unknown> = {};
      if (item.first_name) meta.firstName = item.first_name;
      if (item.last_name) meta.lastName = item.last_name;
      return { kind: 'contact', fallbackTitle: item.phone, meta };
    }
    return { kind: 'fallback', fallbackTitle: item.title ?? null, externalUrl: item.url ?? null };
  });
}

/**
 * The conversation a new message joins on channels that follow `set_conversation`: with
 * `lock_to_single_conversation` the latest conversation whatever its status, otherwise the latest one
 * that is not resolved; LINE always uses its first conversation.
 */
function findOrCreateConversation(
  context: SandboxContext,
  inbox: InboxRecord,
  contactInbox: ContactInboxRecord,
  additionalAttributes: Record<string, unknown>,
): ConversationRecord {
  const { state } = context;
  if (inbox.channel.type === 'Channel::Line') {
    return state.conversationsOfContactInbox(contactInbox.id)[0] ?? createConversation(context, contactInbox);
  }
  const byContact =
    inbox.channel.type === 'Channel::FacebookPage' || inbox.channel.type === 'Channel::Instagram';
  const candidates = byContact
    ? [...state.conversations.values()].filter(
        (row) => row.inboxId === inbox.id && row.contactId === contactInbox.contactId,
      )
    : state.conversationsOfContactInbox(contactInbox.id);
  const existing = inbox.lockToSingleConversation
    ? candidates.at(-1)
    : candidates.filter((row) => row.status !== 'resolved').at(-1);
  return existing ?? createConversation(context, contactInbox, { additionalAttributes });
}

/**
 * The web widget posts into the contact's latest conversation (across its verified sessions when
 * HMAC-verified); a resolved one is continued only when the inbox allows messages after resolution,
 * otherwise the widget starts a new conversation.
 */
function widgetConversation(
  context: SandboxContext,
  inbox: InboxRecord,
  session: ContactInboxRecord,
  input: NativeMessageInput,
): ConversationRecord {
  const { state } = context;
  const sessions = session.hmacVerified
    ? [...state.contactInboxes.values()].filter(
        (row) => row.inboxId === inbox.id && row.contactId === session.contactId && row.hmacVerified,
      )
    : [session];
  const ids = new Set(sessions.map((row) => row.id));
  const last = [...state.conversations.values()].filter((row) => ids.has(row.contactInboxId)).at(-1);
  if (last && (last.status !== 'resolved' || inbox.allowMessagesAfterResolved)) return last;
  const browser = input.browser ?? {};
  return createConversation(context, session, {
    additionalAttributes: {
      browser_language: browser.browser_language ?? null,
      browser: {
        browser_name: 'Chrome',
        browser_version: '131.0.0.0',
        device_name: 'Unknown',
        platform_name: 'macOS',
        platform_version: '10.15.7',
      },
      initiated_at: { timestamp: browser.timestamp ?? context.now().toString() },
      referer: browser.referer_url ?? null,
    },
    customAttributes: {},
  });
}

/**
 * Make a customer message arrive on a native inbox the way Chatwoot records it from the platform's
 * webhook: contact and contact inbox by the channel's rules, the conversation it joins, the incoming
 * message, and every event that follows.
 */
export function receiveNativeMessage(
  context: SandboxContext,
  inboxId: number,
  input: NativeMessageInput,
): NativeArrival {
  const { state } = context;
  const inbox = state.inboxes.get(inboxId);
  if (!inbox) throw new NotFoundError();
  if (inbox.channel.type === 'Channel::Api') {
    throw new UnprocessableError(
      'API inboxes receive messages through the application API (message_type: incoming)',
    );
  }
  const sender = input.contact ?? {};
  const attachments = toAttachments(input.attachments);
  const sourceId = input.source_id ?? null;

  if (sourceId && inbox.channel.type !== 'Channel::WebWidget') {
    const seen = [...state.messages.values()].find(
      (message) => message.inboxId === inbox.id && message.sourceId === sourceId,
    );
    const conversation = seen ? state.conversations.get(seen.conversationId) : undefined;
    const contactInbox = conversation ? state.contactInboxes.get(conversation.contactInboxId) : undefined;
    if (seen && conversation && contactInbox)
      return { contactInbox, conversation, message: seen, duplicate: true };
  }

  if (inbox.channel.type === 'Channel::Email') {
    const mail = receiveEmail(context, inbox, input);
    const contact = state.contacts.get(mail.contactInbox.contactId);
    const message = createMessage(context, mail.conversation, {
      messageType: 'incoming',
      content: input.content ?? null,
      contentType: 'incoming_email',
      sender: contact ? { type: 'Contact', id: contact.id } : null,
      sourceId: mail.messageId,
      contentAttributes: { ...mail.contentAttributes, ...(input.content_attributes ?? {}) },
      attachments,
    });
    return { contactInbox: mail.contactInbox, conversation: mail.conversation, message, duplicate: false };
  }

  let contactInbox: ContactInboxRecord;
  let conversation: ConversationRecord;
  let baseAttributes: Record<string, unknown> = {};
  if (inbox.channel.type === 'Channel::WebWidget') {
    contactInbox = identifyWidgetContact(context, inbox, sender);
    conversation = widgetConversation(context, inbox, contactInbox, input);
    baseAttributes = { in_reply_to: null };
  } else {
    contactInbox = findNativeContactInbox(context, inbox, sender);
    let conversationAttributes: Record<string, unknown> = {};
    if (inbox.channel.type === 'Channel::Telegram')
      conversationAttributes = {
        chat_id: Number(sender.source_id) || sender.source_id,
        business_connection_id: null,
      };
    if (inbox.channel.type === 'Channel::TwilioSms' && inbox.channel.medium !== 'whatsapp') {
      const extra = sender.additional_attributes ?? {};
      conversationAttributes = {
        from_zip_code: extra.from_zip_code ?? null,
        from_country: extra.from_country ?? null,
        from_state: extra.from_state ?? null,
      };
    }
    if (inbox.channel.type === 'Channel::FacebookPage') baseAttributes = { in_reply_to_external_id: null };
    conversation = findOrCreateConversation(context, inbox, contactInbox, conversationAttributes);
  }
  const message = createMessage(context, conversation, {
    messageType: 'incoming',
    content: input.content ?? null,
    contentType: input.content_type ?? 'text',
    sender: { type: 'Contact', id: contactInbox.contactId },
    sourceId,
    contentAttributes: { ...baseAttributes, ...(input.content_attributes ?? {}) },
    attachments,
  });
  return { contactInbox, conversation, message, duplicate: false };
}
