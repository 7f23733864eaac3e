import { buildMessageForm, type MultipartMessageInput } from './build-message-form.ts';
import type { ChatwootContext } from './chatwoot-context.ts';
import { expectOk, expectRecord, unwrapPayloadList } from './expect-response.ts';
import type {
  ChatwootMessage,
  CreateMessageInput,
  MessageAttachmentInput,
  MessagePage,
  MessageStatus,
} from './types.ts';

/**
 * Messages of a conversation.
 *
 * Retries: creating a message is not idempotent in Chatwoot. With a `source_id`
 * the client retries ambiguous failures (timeouts, dropped connections, 5xx)
 * safely: before re-sending it lists the conversation's latest messages and
 * returns the one carrying that `source_id` if the earlier attempt went through.
 * Without `source_id` only failures that prove nothing was stored (429, 503,
 * connection refused) are retried. `echo_id` is echoed back but not stored, so
 * it identifies the realtime/webhook echo, not a duplicate.
 */
export interface MessageMethods {
  /** `POST .../messages` (JSON): text, private notes, content_attributes, incoming messages in API inboxes. */
  createMessage(conversationId: number, input: CreateMessageInput): Promise<ChatwootMessage>;
  /** `POST .../messages` as multipart/form-data with one `attachments[]` part per file. */
  createMessageWithAttachments(
    conversationId: number,
    input: MultipartMessageInput,
    attachments: readonly MessageAttachmentInput[],
  ): Promise<ChatwootMessage>;
  /** `GET .../messages`: the 20 messages before `before` (a message id), oldest first; the latest 20 without it. */
  listMessages(conversationId: number, options?: { before?: number }): Promise<MessagePage>;
  /** `DELETE .../messages/{id}`: Chatwoot blanks the content and drops attachments. */
  deleteMessage(conversationId: number, messageId: number): Promise<void>;
  /**
   * `PATCH .../messages/{id}`: reports delivery status from a bridge. `externalError`
   * (stored in `content_attributes.external_error`) is accepted for API inboxes only.
   */
  updateMessageStatus(
    conversationId: number,
    messageId: number,
    status: MessageStatus,
    externalError?: string,
  ): Promise<ChatwootMessage>;
}

export function createMessageMethods({ api, supplement, accountId }: ChatwootContext): MessageMethods {
  const conversation = (id: number) => ({ path: { account_id: accountId, conversation_id: id } });
  const message = (conversationId: number, messageId: number) => ({
    path: { account_id: accountId, conversation_id: conversationId, message_id: messageId },
  });
  const messagesPath = '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages' as const;

  return {
    async createMessage(conversationId, input) {
      const what = `POST conversation ${conversationId} messages`;
      // swagger.json omits source_id, echo_id and sender_type/sender_id, which messages#create reads (README §6).
      const body = await expectOk(
        what,
        api.POST(messagesPath, { params: conversation(conversationId), body: input as never }),
      );
      return expectRecord<ChatwootMessage>(what, body);
    },
    async createMessageWithAttachments(conversationId, input, attachments) {
      const what = `POST conversation ${conversationId} messages (multipart)`;
      const form = buildMessageForm(input, attachments);
      const body = await expectOk(
        what,
        api.POST(messagesPath, {
          params: conversation(conversationId),
          body: form as never,
          // Hand FormData through untouched so fetch writes the multipart boundary itself.
          bodySerializer: (value: unknown) => value as FormData,
        }),
      );
      return expectRecord<ChatwootMessage>(what, body);
    },
    async listMessages(conversationId, options = {}) {
      const what = `GET conversation ${conversationId} messages`;
      const params = {
        ...conversation(conversationId),
        query: options.before !== undefined ? { before: options.before } : {},
      };
      const body = await expectOk(what, api.GET(messagesPath, { params: params as never }));
      const { items, meta } = unwrapPayloadList<ChatwootMessage>(what, body);
      return { messages: items, meta };
    },
    async deleteMessage(conversationId, messageId) {
      await expectOk(
        `DELETE message ${messageId}`,
        api.DELETE('/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages/{message_id}', {
          params: message(conversationId, messageId),
        }),
      );
    },
    async updateMessageStatus(conversationId, messageId, status, externalError) {
      const what = `PATCH message ${messageId} status`;
      const body = await expectOk(
        what,
        supplement.PATCH(
          '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages/{message_id}',
          {
            params: message(conversationId, messageId),
            body: { status, ...(externalError !== undefined ? { external_error: externalError } : {}) },
          },
        ),
      );
      return expectRecord<ChatwootMessage>(what, body);
    },
  };
}
