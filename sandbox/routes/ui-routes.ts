import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Router } from 'express';
import { buildApiMessage } from '../domain/build-api-message.ts';
import { NotFoundError } from '../domain/errors.ts';
import { presentContact } from '../presenters/present-contacts.ts';
import { presentConversation } from '../presenters/present-conversations.ts';
import { blobUrl } from '../presenters/present-messages.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import type { ConversationRecord, MessageRecord, UserRecord } from '../state/records.ts';
import { embedJson, renderPage } from '../web/render-pages.ts';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

/** The demo page: accounts → conversations → a conversation with its messages, a reply box and dashboard apps. */
export function registerUiRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;

  const adminOf = (accountId: number): UserRecord => {
    const admin = state
      .accountUsers(accountId)
      .find((user) =>
        user.accounts.some((member) => member.accountId === accountId && member.role === 'administrator'),
      );
    if (!admin) throw new NotFoundError();
    return admin;
  };

  const findConversation = (req: Request): ConversationRecord => {
    const conversation = state.findConversation(Number(req.params.accountId), Number(req.params.displayId));
    if (!conversation) throw new NotFoundError();
    return conversation;
  };

  const describeMessage = (message: MessageRecord) => {
    let senderName = 'System';
    let senderKind = message.messageType === 'template' ? 'template' : 'system';
    if (message.sender?.type === 'Contact') {
      senderName = state.contacts.get(message.sender.id)?.name ?? 'Contact';
      senderKind = 'contact';
    } else if (message.sender?.type === 'User') {
      senderName = state.users.get(message.sender.id)?.name ?? 'Agent';
      senderKind = 'agent';
    } else if (message.sender?.type === 'AgentBot') {
      senderName = state.agentBots.get(message.sender.id)?.name ?? 'Bot';
      senderKind = 'agent bot';
    }
    return {
      type: message.messageType,
      cssClass: `message ${message.messageType}${message.private ? ' private' : ''}`,
      private: message.private,
      senderName,
      senderKind,
      time: message.createdAt.toISOString().replace('T', ' ').slice(0, 19),
      status: message.messageType === 'outgoing' ? message.status : '',
      content: message.content ?? '',
      attachments: message.attachments.map((attachment) => ({
        url: attachment.blobKey ? blobUrl(state, attachment, 'blobs') : (attachment.externalUrl ?? '#'),
        label: attachment.fileName ?? attachment.fallbackTitle ?? attachment.fileType,
      })),
    };
  };

  const appContext = (conversation: ConversationRecord, agent: UserRecord) => {
    const contact = state.contacts.get(conversation.contactId);
    return {
      conversation: presentConversation(state, conversation, agent.id),
      contact: contact ? presentContact(state, contact, true) : null,
      currentAgent: { id: agent.id, name: agent.name, email: agent.email },
    };
  };

  router.get('/', (_req, res) => {
    const accounts = [...state.accounts.values()].map((account) => ({
      id: account.id,
      name: account.name,
      inboxCount: state.accountInboxes(account.id).length,
      conversationCount: [...state.conversations.values()].filter((row) => row.accountId === account.id)
        .length,
    }));
    res.type('html').send(renderPage('accounts', 'Accounts', { accounts }));
  });

  router.get('/ui/accounts/:accountId', (req, res) => {
    const account = state.accounts.get(Number(req.params.accountId));
    if (!account) throw new NotFoundError();
    const conversations = [...state.conversations.values()]
      .filter((row) => row.accountId === account.id)
      .sort(
        (a, b) => (b.lastActivityAt ?? b.createdAt).getTime() - (a.lastActivityAt ?? a.createdAt).getTime(),
      )
      .map((row) => {
        const inbox = state.inboxes.get(row.inboxId);
        const last = state
          .messagesOf(row.id)
          .filter((message) => message.messageType !== 'activity')
          .at(-1);
        return {
          accountId: account.id,
          displayId: row.displayId,
          contactName: state.contacts.get(row.contactId)?.name ?? '',
          inboxName: inbox?.name ?? '',
          channel: inbox?.channel.type ?? '',
          status: row.status,
          lastMessage: last?.content ?? '',
          lastActivity: (row.lastActivityAt ?? row.createdAt).toISOString().replace('T', ' ').slice(0, 19),
        };
      });
    res.type('html').send(renderPage('conversations', account.name, { account, conversations }));
  });

  router.get('/ui/accounts/:accountId/conversations/:displayId', (req, res) => {
    const conversation = findConversation(req);
    const agent = adminOf(conversation.accountId);
    const inbox = state.inboxes.get(conversation.inboxId);
    const apps = [...state.dashboardApps.values()]
      .filter((app) => app.accountId === conversation.accountId)
      .map((app) => ({
        id: app.id,
        title: app.title,
        frames: app.content.map((frame, index) => ({
          url: frame.url,
          appId: app.id,
          index,
          title: app.title,
        })),
      }));
    const prefix = `/ui/accounts/${conversation.accountId}/conversations/${conversation.displayId}`;
    res.type('html').send(
      renderPage('conversation', `Conversation #${conversation.displayId}`, {
        conversation,
        accountId: conversation.accountId,
        contactName: state.contacts.get(conversation.contactId)?.name ?? '',
        inboxName: inbox?.name ?? '',
        channel: inbox?.channel.type ?? '',
        agentName: agent.name,
        messages: state.messagesOf(conversation.id).map(describeMessage),
        apps,
        contextJson: embedJson({
          appContext: appContext(conversation, agent),
          contextUrl: `${prefix}/context`,
          messagesUrl: `${prefix}/messages`,
        }),
      }),
    );
  });

  router.get('/ui/accounts/:accountId/conversations/:displayId/messages', (req, res) => {
    res.json(state.messagesOf(findConversation(req).id).map(describeMessage));
  });

  router.get('/ui/accounts/:accountId/conversations/:displayId/context', (req, res) => {
    const conversation = findConversation(req);
    res.json(appContext(conversation, adminOf(conversation.accountId)));
  });

  router.post('/ui/accounts/:accountId/conversations/:displayId/messages', (req, res) => {
    const conversation = findConversation(req);
    const agent = adminOf(conversation.accountId);
    const params = (req.body ?? {}) as Record<string, unknown>;
    const message = buildApiMessage(contextFor(core, { kind: 'user', user: agent }), conversation, {
      content: params.content,
      private: params.private === true || params.private === 'true',
      message_type: 'outgoing',
    });
    res.status(201).json(describeMessage(message));
  });

  router.get('/__sandbox/assets/dashboard-app-host.js', (_req, res) => {
    res.sendFile(join(publicDir, 'dashboard-app-host.js'));
  });
}
