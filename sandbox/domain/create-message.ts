import type {
  AttachmentRecord,
  ConversationRecord,
  MessageRecord,
  MessageType,
  SenderRef,
} from '../state/records.ts';
import { saveContact } from './save-contact.ts';
import { saveConversation } from './save-conversation.ts';
import { type SandboxContext, actingAs } from './sandbox-context.ts';
import { RecordInvalidError } from './errors.ts';

/** A file or a typed attachment to store with a new message. */
export type NewAttachment =
  | { kind: 'file'; fileName: string; contentType: string; data: Buffer }
  | {
      kind: 'location';
      coordinatesLat: number;
      coordinatesLong: number;
      fallbackTitle?: string | null;
      externalUrl?: string | null;
    }
  | { kind: 'fallback'; fallbackTitle: string | null; externalUrl?: string | null }
  | { kind: 'contact'; fallbackTitle: string; meta?: Record<string, unknown> };

/** What a new message is made of (the attributes `Messages::MessageBuilder` and the channel services set). */
export interface NewMessage {
  messageType: MessageType;
  content: string | null;
  contentType?: string;
  private?: boolean;
  sender: SenderRef;
  sourceId?: string | null;
  echoId?: string | null;
  contentAttributes?: Record<string, unknown>;
  additionalAttributes?: Record<string, unknown>;
  attachments?: NewAttachment[];
  /** Template messages created by the hooks do not run the hooks again (one transaction in Chatwoot). */
  skipTemplateHooks?: boolean;
}

const MAX_CONTENT_LENGTH = 150_000;

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/webp', 'image']);
const VIDEO_TYPES = new Set(['video/ogg', 'video/mp4', 'video/webm', 'video/quicktime', 'video']);

/** `FileTypeHelper#file_type`. */
export function fileTypeOf(contentType: string): AttachmentRecord['fileType'] {
  if (IMAGE_TYPES.has(contentType)) return 'image';
  if (VIDEO_TYPES.has(contentType)) return 'video';
  if (contentType.includes('audio/')) return 'audio';
  return 'file';
}

/**
 * Create a message and run Chatwoot's after-create callbacks (`Message#execute_after_create_commit_callbacks`):
 * reopen a snoozed/resolved conversation on incoming messages, bump `last_activity_at`, emit
 * message_created, first reply / waiting_since bookkeeping, template hooks (greeting, email collect)
 * and the contact's `last_activity_at`.
 */
export function createMessage(
  context: SandboxContext,
  conversation: ConversationRecord,
  input: NewMessage,
): MessageRecord {
  const { state } = context;
  if (input.content && input.content.length > MAX_CONTENT_LENGTH) {
    throw new RecordInvalidError([['content', `is too long (maximum is ${MAX_CONTENT_LENGTH} characters)`]]);
  }
  const now = context.now();
  const message: MessageRecord = {
    id: state.nextId('messages'),
    accountId: conversation.accountId,
    inboxId: conversation.inboxId,
    conversationId: conversation.id,
    messageType: input.messageType,
    contentType: input.contentType ?? 'text',
    content: input.content,
    private: input.private ?? false,
    status: 'sent',
    sourceId: input.sourceId ?? null,
    sender: input.sender,
    contentAttributes: input.contentAttributes ?? {},
    additionalAttributes: input.additionalAttributes ?? {},
    externalSourceIds: {},
    echoId: input.echoId ?? null,
    attachments: [],
    createdAt: now,
    updatedAt: now,
  };
  for (const attachment of input.attachments ?? [])
    message.attachments.push(storeAttachment(context, message, attachment));
  state.messages.set(message.id, message);
  conversation.updatedAt = now; // belongs_to :conversation, touch: true
  afterCreateCommit(context, conversation, message, input.skipTemplateHooks ?? false);
  return message;
}

/** An activity message ("Conversation was marked resolved by …"), created by `Conversations::ActivityMessageJob`. */
export function createActivityMessage(
  context: SandboxContext,
  conversation: ConversationRecord,
  content: string,
): MessageRecord {
  return createMessage(actingAs(context, { kind: 'system' }), conversation, {
    messageType: 'activity',
    content,
    sender: null,
    skipTemplateHooks: true,
  });
}

function storeAttachment(
  context: SandboxContext,
  message: MessageRecord,
  input: NewAttachment,
): AttachmentRecord {
  const { state } = context;
  const base: AttachmentRecord = {
    id: state.nextId('attachments'),
    messageId: message.id,
    accountId: message.accountId,
    fileType: 'file',
    extension: null,
    blobKey: null,
    fileName: null,
    byteSize: 0,
    width: null,
    height: null,
    externalUrl: null,
    coordinatesLat: null,
    coordinatesLong: null,
    fallbackTitle: null,
    meta: null,
  };
  if (input.kind === 'location') {
    return {
      ...base,
      fileType: 'location',
      coordinatesLat: input.coordinatesLat,
      coordinatesLong: input.coordinatesLong,
      fallbackTitle: input.fallbackTitle ?? null,
      externalUrl: input.externalUrl ?? null,
    };
  }
  if (input.kind === 'fallback') {
    return {
      ...base,
      fileType: 'fallback',
      fallbackTitle: input.fallbackTitle,
      externalUrl: input.externalUrl ?? null,
    };
  }
  if (input.kind === 'contact') {
    return { ...base, fileType: 'contact', fallbackTitle: input.fallbackTitle, meta: input.meta ?? {} };
  }
  const key = `${base.id}-${Math.random().toString(36).slice(2, 10)}`;
  state.blobs.set(key, { key, fileName: input.fileName, contentType: input.contentType, data: input.data });
  const size = readImageSize(input.data);
  const fileType = fileTypeOf(input.contentType);
  return {
    ...base,
    fileType,
    blobKey: key,
    fileName: input.fileName,
    byteSize: input.data.length,
    width: fileType === 'image' ? (size?.width ?? null) : null,
    height: fileType === 'image' ? (size?.height ?? null) : null,
  };
}

/** Width and height of PNG, GIF and JPEG images (what Active Storage's analyzer records as metadata). */
function readImageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length > 10 && data.toString('ascii', 0, 3) === 'GIF') {
    return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8) {
    let offset = 2;
    while (offset + 9 < data.length) {
      if (data[offset] !== 0xff) return undefined;
      const marker = data[offset + 1] ?? 0;
      const length = data.readUInt16BE(offset + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: data.readUInt16BE(offset + 5), width: data.readUInt16BE(offset + 7) };
      }
      offset += 2 + length;
    }
  }
  return undefined;
}

function afterCreateCommit(
  context: SandboxContext,
  conversation: ConversationRecord,
  message: MessageRecord,
  skipTemplateHooks: boolean,
): void {
  reopenConversation(context, conversation, message);
  conversation.lastActivityAt = message.createdAt; // update_columns: no callbacks
  context.events.record({ name: 'message_created', messageId: message.id });
  if (isValidFirstReply(context, conversation, message)) {
    saveConversation(context, conversation, {
      first_reply_created_at: message.createdAt,
      waiting_since: null,
    });
  } else {
    updateWaitingSince(context, conversation, message);
  }
  if (!skipTemplateHooks) runTemplateHooks(context, conversation);
  if (message.sender?.type === 'Contact') {
    const contact = context.state.contacts.get(message.sender.id);
    if (contact) saveContact(context, contact, { last_activity_at: context.now() });
  }
}

/** `Message#reopen_conversation`. */
function reopenConversation(
  context: SandboxContext,
  conversation: ConversationRecord,
  message: MessageRecord,
): void {
  if (conversation.muted || message.messageType !== 'incoming') return;
  if (conversation.status === 'snoozed')
    saveConversation(actingAs(context, { kind: 'system' }), conversation, { status: 'open' });
  if (conversation.status !== 'resolved') return;
  const inbox = context.state.inboxes.get(conversation.inboxId);
  if (context.state.activeInboxBot(conversation.inboxId)) {
    saveConversation(context, conversation, { status: 'pending' });
  } else if (inbox?.channel.type === 'Channel::Api') {
    const sender =
      message.sender?.type === 'Contact' ? context.state.contacts.get(message.sender.id) : undefined;
    const byContact = !message.private && sender !== undefined && context.actor.kind !== 'contact';
    saveConversation(
      byContact && sender ? actingAs(context, { kind: 'contact', contact: sender }) : context,
      conversation,
      {
        status: 'open',
      },
    );
  } else {
    saveConversation(context, conversation, { status: 'open' });
  }
}

/** `Message#human_response?`: an outgoing message by a user, not from automation or a campaign. */
function isHumanResponse(message: MessageRecord): boolean {
  return (
    message.messageType === 'outgoing' &&
    !message.contentAttributes.automation_rule_id &&
    !message.additionalAttributes.campaign_id &&
    message.sender?.type === 'User'
  );
}

/** `Message#valid_first_reply?`. */
function isValidFirstReply(
  context: SandboxContext,
  conversation: ConversationRecord,
  message: MessageRecord,
): boolean {
  if (!isHumanResponse(message) || message.private) return false;
  if (conversation.firstReplyCreatedAt) return false;
  const humanReplies = context.state
    .messagesOf(conversation.id)
    .filter(
      (other) =>
        other.messageType === 'outgoing' &&
        other.sender?.type !== 'AgentBot' &&
        !other.private &&
        !other.additionalAttributes.campaign_id,
    );
  return humanReplies.length <= 1;
}

/** `Message#update_waiting_since`. */
function updateWaitingSince(
  context: SandboxContext,
  conversation: ConversationRecord,
  message: MessageRecord,
): void {
  if (isHumanResponse(message) && !message.private && conversation.waitingSince) {
    saveConversation(context, conversation, { waiting_since: null });
  }
  if (message.messageType === 'incoming' && !conversation.waitingSince) {
    saveConversation(context, conversation, { waiting_since: message.createdAt });
  }
}

/** `MessageTemplates::HookExecutionService`: greeting and (web widget) email collect templates. */
function runTemplateHooks(context: SandboxContext, conversation: ConversationRecord): void {
  const { state } = context;
  const messages = state.messagesOf(conversation.id);
  if (!messages.some((other) => other.messageType === 'incoming')) return;
  const inbox = state.inboxes.get(conversation.inboxId);
  if (!inbox) return;
  const firstMessageFromContact = !messages.some(
    (m) => m.messageType === 'outgoing' || m.messageType === 'template',
  );
  if (firstMessageFromContact && inbox.greetingEnabled && inbox.greetingMessage) {
    createMessage(context, conversation, {
      messageType: 'template',
      content: inbox.greetingMessage,
      sender: null,
      skipTemplateHooks: true,
    });
  }
  const contact = state.contacts.get(conversation.contactId);
  const emailCollectSent = state.messagesOf(conversation.id).some((m) => m.contentType === 'input_email');
  if (
    inbox.enableEmailCollect &&
    inbox.channel.type === 'Channel::WebWidget' &&
    !contact?.email &&
    !emailCollectSent
  ) {
    const template = { messageType: 'template' as const, sender: null, skipTemplateHooks: true };
    createMessage(context, conversation, { ...template, content: 'Give the team a way to reach you.' });
    createMessage(context, conversation, {
      ...template,
      contentType: 'input_email',
      content: 'Get notified by email',
    });
  }
}
