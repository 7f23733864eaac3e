import type { Request, Response, Router } from 'express';
import { buildApiMessage } from '../domain/build-api-message.ts';
import { NotFoundError, SandboxHttpError } from '../domain/errors.ts';
import { saveMessage, updateMessageStatus } from '../domain/update-message.ts';
import { isoTime } from '../presenters/format-time.ts';
import { presentContactPushData } from '../presenters/present-contacts.ts';
import { presentMessage } from '../presenters/present-messages.ts';
import { presentUserPushData } from '../presenters/present-users.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import type { ConversationRecord, MessageRecord } from '../state/records.ts';
import { accountRoute, callerOf } from './authenticate-request.ts';
import { castInteger, castString, paramsOf } from './read-params.ts';

/** Messages of a conversation (`Conversations::MessagesController`). */
export function registerMessageRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/conversations/:conversationId/messages';

  const findConversation = (req: Request, res: Response): ConversationRecord => {
    const conversation = state.findConversation(callerOf(res).account.id, Number(req.params.conversationId));
    if (!conversation) throw new NotFoundError();
    return conversation;
  };
  const findMessage = (req: Request, conversation: ConversationRecord): MessageRecord => {
    const message = state.messages.get(Number(req.params.messageId));
    if (!message || message.conversationId !== conversation.id) throw new NotFoundError();
    return message;
  };

  router.get(base, accountRoute(core), (req, res) => {
    const conversation = findConversation(req, res);
    const params = paramsOf(req);
    const before = castInteger(params.before);
    const after = castInteger(params.after);
    const all = state.messagesOf(conversation.id);
    let page: MessageRecord[];
    if (after !== undefined && before !== undefined) {
      page = all.filter((message) => message.id >= after && message.id < before).slice(0, 1000);
    } else if (before !== undefined) {
      page = all.filter((message) => message.id < before).slice(-20);
    } else if (after !== undefined) {
      page = all.filter((message) => message.id > after).slice(0, 100);
    } else {
      page = all.slice(-20);
    }
    const contact = state.contacts.get(conversation.contactId);
    const assignee = conversation.assigneeId ? state.users.get(conversation.assigneeId) : undefined;
    const meta: Record<string, unknown> = {
      labels: conversation.labels,
      additional_attributes: conversation.additionalAttributes,
      contact: contact ? presentContactPushData(contact) : null,
    };
    if (assignee) meta.assignee = presentUserPushData(assignee);
    meta.agent_last_seen_at = isoTime(conversation.agentLastSeenAt);
    meta.assignee_last_seen_at = isoTime(conversation.assigneeLastSeenAt);
    res.json({ meta, payload: page.map((message) => presentMessage(state, message)) });
  });

  router.post(base, accountRoute(core, 'messages#create'), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const message = buildApiMessage(contextFor(core, caller.actor), conversation, paramsOf(req));
    res.json(presentMessage(state, message));
  });

  router.patch(`${base}/:messageId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const inbox = state.inboxes.get(conversation.inboxId);
    if (inbox?.channel.type !== 'Channel::Api') {
      throw new SandboxHttpError(403, { error: 'Message status update is only allowed for API inboxes' });
    }
    const message = findMessage(req, conversation);
    const params = paramsOf(req);
    updateMessageStatus(
      contextFor(core, caller.actor),
      message,
      castString(params.status) ?? undefined,
      castString(params.external_error) ?? null,
    );
    res.json(presentMessage(state, message));
  });

  router.delete(`${base}/:messageId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const message = findMessage(req, conversation);
    for (const attachment of message.attachments)
      if (attachment.blobKey) state.blobs.delete(attachment.blobKey);
    message.attachments = [];
    saveMessage(contextFor(core, caller.actor), message, {
      content: 'This message was deleted',
      contentType: 'text',
      contentAttributes: { deleted: true },
    });
    res.json(presentMessage(state, message));
  });
}
