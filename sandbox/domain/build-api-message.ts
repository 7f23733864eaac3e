import type { ConversationRecord, MessageRecord, MessageType, SenderRef } from '../state/records.ts';
import { type NewAttachment, createMessage } from './create-message.ts';
import { RecordInvalidError, SandboxHttpError, UnprocessableError } from './errors.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { isUploadedFile } from './uploaded-file.ts';

const MESSAGE_TYPES: MessageType[] = ['incoming', 'outgoing', 'activity', 'template'];
const CONTENT_TYPES = [
  'text',
  'input_text',
  'input_textarea',
  'input_email',
  'input_select',
  'cards',
  'form',
  'article',
  'incoming_email',
  'input_csat',
  'integrations',
  'sticker',
  'voice_call',
];
const ITEM_KEYS: Record<string, string[]> = {
  input_select: ['title', 'value'],
  cards: ['title', 'description', 'media_url', 'actions'],
  form: [
    'type',
    'placeholder',
    'label',
    'name',
    'options',
    'default',
    'required',
    'pattern',
    'title',
    'pattern_error',
  ],
  article: ['title', 'description', 'link'],
};

/** `MessageBuilder#content_attributes`: a hash, a JSON string of one, or `{}`. */
function readContentAttributes(raw: unknown): Record<string, unknown> {
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  }
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
}

/** `ContentAttributeValidator`: interactive content types need well-formed `items`. */
function validateItems(contentType: string, items: unknown): void {
  const keys = ITEM_KEYS[contentType];
  if (!keys) return;
  const problems: Array<[string, string]> = [];
  const list = Array.isArray(items) ? items : [];
  if (list.length === 0) problems.push(['content_attributes', 'At least one item is required.']);
  if (list.some((item) => !item || typeof item !== 'object' || Array.isArray(item))) {
    problems.push(['content_attributes', 'Items should be a hash.']);
  }
  const invalid = list
    .flatMap((item) => (item && typeof item === 'object' ? Object.keys(item) : []))
    .filter((key) => !keys.includes(key));
  if (invalid.length > 0) {
    problems.push([
      'content_attributes',
      `contains invalid keys for items : [${invalid.map((key) => `:${key}`).join(', ')}]`,
    ]);
  }
  if (problems.length > 0) throw new RecordInvalidError(problems);
}

/**
 * `Messages::MessageBuilder` for the application API: `incoming` only in API inboxes (sender = the
 * conversation's contact), `outgoing` by the caller or, with `sender_type: "AgentBot"`, by that bot.
 * Of `content_attributes` only `items` and `in_reply_to` are kept (plus the top-level
 * `external_created_at`); `template_params` and `campaign_id` go to `additional_attributes`.
 * Any failure is answered with 422 `{ error }` like the controller's rescue.
 */
export function buildApiMessage(
  context: SandboxContext,
  conversation: ConversationRecord,
  params: Record<string, unknown>,
): MessageRecord {
  try {
    return build(context, conversation, params);
  } catch (error) {
    if (error instanceof RecordInvalidError) {
      const body = error.body as { message: string };
      throw new UnprocessableError(`Validation failed: ${body.message}`);
    }
    throw error;
  }
}

function build(
  context: SandboxContext,
  conversation: ConversationRecord,
  params: Record<string, unknown>,
): MessageRecord {
  const { state, actor } = context;
  const messageType = String(params.message_type ?? 'outgoing');
  if (!MESSAGE_TYPES.includes(messageType as MessageType)) {
    throw new UnprocessableError(`'${messageType}' is not a valid message_type`);
  }
  const inbox = state.inboxes.get(conversation.inboxId);
  if (inbox?.channel.type !== 'Channel::Api' && messageType === 'incoming') {
    throw new UnprocessableError('Incoming messages are only allowed in Api inboxes');
  }
  const contentType =
    params.content_type === undefined || params.content_type === null ? 'text' : String(params.content_type);
  if (!CONTENT_TYPES.includes(contentType))
    throw new UnprocessableError(`'${contentType}' is not a valid content_type`);

  let sender: SenderRef;
  if (messageType === 'outgoing') {
    const botSender =
      params.sender_type === 'AgentBot' ? state.agentBots.get(Number(params.sender_id)) : undefined;
    const allowedBot =
      botSender && (botSender.accountId === null || botSender.accountId === conversation.accountId)
        ? botSender
        : undefined;
    if (allowedBot) sender = { type: 'AgentBot', id: allowedBot.id };
    else if (actor.kind === 'user') sender = { type: 'User', id: actor.user.id };
    else if (actor.kind === 'bot') sender = { type: 'AgentBot', id: actor.bot.id };
    else sender = null;
  } else {
    sender = { type: 'Contact', id: conversation.contactId };
  }

  const given = readContentAttributes(params.content_attributes);
  const contentAttributes: Record<string, unknown> = {};
  if (given.items !== undefined && given.items !== null) contentAttributes.items = given.items;
  if (given.in_reply_to !== undefined && given.in_reply_to !== null && given.in_reply_to !== '') {
    // Messages::InReplyToMessageBuilder resolves the replied-to message inside the conversation.
    const repliedTo = state
      .messagesOf(conversation.id)
      .find((message) => String(message.id) === String(given.in_reply_to));
    contentAttributes.in_reply_to = repliedTo?.id ?? null;
    contentAttributes.in_reply_to_external_id = repliedTo?.sourceId ?? null;
  }
  if (params.external_created_at !== undefined && params.external_created_at !== '') {
    contentAttributes.external_created_at = params.external_created_at;
  }
  validateItems(contentType, contentAttributes.items);

  const additionalAttributes: Record<string, unknown> = {};
  if (params.campaign_id !== undefined && params.campaign_id !== '')
    additionalAttributes.campaign_id = params.campaign_id;
  if (params.template_params && typeof params.template_params === 'object') {
    const template = params.template_params as Record<string, unknown>;
    if (!template.name)
      throw new RecordInvalidError([['additional_attributes', 'template_params: name is required']]);
    additionalAttributes.template_params = template;
  }

  const attachments: NewAttachment[] = [];
  const rawAttachments = params.attachments;
  for (const part of Array.isArray(rawAttachments)
    ? rawAttachments
    : rawAttachments
      ? [rawAttachments]
      : []) {
    if (!isUploadedFile(part)) {
      throw new SandboxHttpError(422, {
        error: 'attachments must be multipart/form-data file parts in the sandbox',
      });
    }
    attachments.push({
      kind: 'file',
      fileName: part.fileName,
      contentType: part.contentType,
      data: part.data,
    });
  }
  const isPrivate = [true, 1, 'true', '1', 't', 'T', 'on', 'TRUE'].includes(params.private as never);

  return createMessage(context, conversation, {
    messageType: messageType as MessageType,
    content: params.content === undefined || params.content === null ? null : String(params.content),
    contentType,
    private: isPrivate,
    sender,
    sourceId: params.source_id === undefined || params.source_id === null ? null : String(params.source_id),
    echoId: params.echo_id === undefined || params.echo_id === null ? null : String(params.echo_id),
    contentAttributes,
    additionalAttributes,
    attachments,
  });
}
