import type { Request, Response, Router } from 'express';
import { SourceIdTakenError, buildContactInbox } from '../domain/build-contact-inbox.ts';
import { buildApiMessage } from '../domain/build-api-message.ts';
import { createConversation } from '../domain/create-conversation.ts';
import { NotFoundError, SandboxHttpError, UnprocessableError } from '../domain/errors.ts';
import { filterConversations } from '../domain/filter-records.ts';
import { countConversations, findConversations, pageByActivity } from '../domain/find-conversations.ts';
import { saveConversation } from '../domain/save-conversation.ts';
import { presentAgentBotSlim } from '../presenters/present-agent-bots.ts';
import { presentConversation } from '../presenters/present-conversations.ts';
import { presentTeamRow } from '../presenters/present-teams.ts';
import { presentAgent } from '../presenters/present-users.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import type {
  ContactInboxRecord,
  ConversationPriority,
  ConversationRecord,
  ConversationStatus,
} from '../state/records.ts';
import { type AccountCaller, accountRoute, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castBoolean, castInteger, castObject, castString, paramsOf } from './read-params.ts';

const STATUSES: ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
const PRIORITIES: ConversationPriority[] = ['low', 'medium', 'high', 'urgent'];

/** A Rails enum assignment with an unknown value raises ArgumentError, which the API answers with 500. */
function invalidEnum(value: string, name: string): SandboxHttpError {
  return new SandboxHttpError(500, { status: 500, error: `'${value}' is not a valid ${name}` });
}

/** `parse_date_time`: unix seconds. */
function parseUnix(value: unknown): Date | null {
  const seconds = Number(value);
  return Number.isFinite(seconds) && String(value) !== '' ? new Date(seconds * 1000) : null;
}

/** Conversations (`ConversationsController` and its assignment / label controllers). */
export function registerConversationRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/conversations';

  const findConversation = (req: Request, res: Response): ConversationRecord => {
    const caller = callerOf(res);
    const conversation = state.findConversation(caller.account.id, Number(req.params.conversationId));
    if (!conversation) throw new NotFoundError();
    if (caller.user && !caller.isAdmin) {
      const inbox = state.inboxes.get(conversation.inboxId);
      const team = conversation.teamId ? state.teams.get(conversation.teamId) : undefined;
      if (!inbox?.memberIds.has(caller.user.id) && !team?.memberIds.has(caller.user.id)) {
        throw new SandboxHttpError(401, { error: 'You are not authorized to do this action' });
      }
    }
    return conversation;
  };
  const present = (caller: AccountCaller, conversation: ConversationRecord) =>
    presentConversation(state, conversation, caller.user?.id);

  router.get(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    const labels = params.labels;
    const { conversations, counts } = findConversations(
      state,
      caller.account.id,
      caller.user?.id ?? -1,
      caller.isAdmin,
      {
        status: castString(params.status) ?? undefined,
        assigneeType: castString(params.assignee_type) ?? undefined,
        inboxId: castInteger(params.inbox_id),
        teamId: castInteger(params.team_id),
        labels: Array.isArray(labels)
          ? labels.map(String)
          : typeof labels === 'string'
            ? [labels]
            : undefined,
        q: castString(params.q) ?? undefined,
        sourceId: castString(params.source_id) ?? undefined,
        sortBy: castString(params.sort_by) ?? undefined,
        conversationType: castString(params.conversation_type) ?? undefined,
        page: castInteger(params.page) ?? 1,
      },
    );
    res.json({
      data: { meta: counts, payload: conversations.map((conversation) => present(caller, conversation)) },
    });
  });

  router.get(`${base}/meta`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    const { counts } = findConversations(state, caller.account.id, caller.user?.id ?? -1, caller.isAdmin, {
      status: castString(params.status) ?? undefined,
      inboxId: castInteger(params.inbox_id),
      teamId: castInteger(params.team_id),
      q: castString(params.q) ?? undefined,
      page: 1,
    });
    res.json({ meta: counts });
  });

  router.post(`${base}/filter`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    let rows = filterConversations(state, caller.account.id, params.payload);
    if (caller.user && !caller.isAdmin) {
      const userId = caller.user.id;
      rows = rows.filter((conversation) => state.inboxes.get(conversation.inboxId)?.memberIds.has(userId));
    }
    const counts = countConversations(rows, caller.user?.id);
    res.json({
      meta: {
        mine_count: counts.mine_count,
        unassigned_count: counts.unassigned_count,
        all_count: counts.all_count,
      },
      payload: pageByActivity(rows, castInteger(params.page) ?? 1).map((conversation) =>
        present(caller, conversation),
      ),
    });
  });

  router.post(base, accountRoute(core, 'conversations#create'), (req, res) => {
    const caller = callerOf(res);
    const params = paramsOf(req);
    const context = contextFor(core, caller.actor);
    const inboxId = castInteger(params.inbox_id);
    const contactId = castInteger(params.contact_id);
    const inbox = inboxId === undefined ? undefined : state.inboxes.get(inboxId);
    if (inboxId !== undefined && (!inbox || inbox.accountId !== caller.account.id)) throw new NotFoundError();
    const contact = contactId === undefined ? undefined : state.contacts.get(contactId);
    if (contactId !== undefined && (!contact || contact.accountId !== caller.account.id))
      throw new NotFoundError();
    const sourceId = castString(params.source_id);
    let contactInbox: ContactInboxRecord | undefined;
    try {
      if (inbox && contact) {
        contactInbox = buildContactInbox(
          context,
          contact,
          inbox,
          sourceId,
          castBoolean(params.hmac_verified) ?? false,
        );
      }
    } catch (error) {
      if (error instanceof SourceIdTakenError) throw new UnprocessableError('source_id should be unique');
      throw error;
    }
    // legacy lookup by source id alone
    contactInbox ??= [...state.contactInboxes.values()].find((row) => row.sourceId === sourceId);
    if (!contactInbox) throw new NotFoundError();
    const status = castString(params.status);
    if (status && !STATUSES.includes(status as ConversationStatus)) throw invalidEnum(status, 'status');
    const target = state.inboxes.get(contactInbox.inboxId);
    let conversation = target?.lockToSingleConversation
      ? state.conversationsOfContactInbox(contactInbox.id).at(-1)
      : undefined;
    conversation ??= createConversation(context, contactInbox, {
      status: (status as ConversationStatus | undefined) ?? undefined,
      assigneeId: castInteger(params.assignee_id) ?? null,
      teamId: castInteger(params.team_id) ?? null,
      additionalAttributes: castObject(params.additional_attributes) ?? {},
      customAttributes: castObject(params.custom_attributes) ?? {},
      snoozedUntil: params.snoozed_until ? new Date(String(params.snoozed_until)) : null,
    });
    const message = castObject(params.message);
    if (message) buildApiMessage(context, conversation, message);
    res.json(present(caller, conversation));
  });

  router.get(`${base}/:conversationId`, accountRoute(core), (req, res) => {
    res.json(present(callerOf(res), findConversation(req, res)));
  });

  router.patch(`${base}/:conversationId`, accountRoute(core, 'conversations#update'), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const params = paramsOf(req);
    if (params.priority !== undefined) {
      const priority = castString(params.priority) || null;
      if (priority !== null && !PRIORITIES.includes(priority as ConversationPriority))
        throw invalidEnum(priority, 'priority');
      saveConversation(contextFor(core, caller.actor), conversation, {
        priority: priority as ConversationPriority | null,
      });
    }
    res.json(present(caller, conversation));
  });

  router.delete(`${base}/:conversationId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    requireAdministrator(caller);
    for (const message of state.messagesOf(conversation.id)) state.messages.delete(message.id);
    state.conversations.delete(conversation.id);
    res.status(200).end();
  });

  router.post(
    `${base}/:conversationId/toggle_status`,
    accountRoute(core, 'conversations#toggle_status'),
    (req, res) => {
      const caller = callerOf(res);
      const conversation = findConversation(req, res);
      const params = paramsOf(req);
      const context = contextFor(core, caller.actor);
      const requested = castString(params.status);
      let success: boolean | null = null;
      if (caller.bot && conversation.status === 'pending' && requested === 'open') {
        // bot_handoff!: open the conversation; conversation.bot_handoff is internal, not a webhook event
        saveConversation(context, conversation, { status: 'open' });
      } else if (requested) {
        if (!STATUSES.includes(requested as ConversationStatus)) throw invalidEnum(requested, 'status');
        const changes: { status: ConversationStatus; snoozed_until?: Date | null } = {
          status: requested as ConversationStatus,
        };
        if (params.snoozed_until !== undefined && params.snoozed_until !== null)
          changes.snoozed_until = parseUnix(params.snoozed_until);
        saveConversation(context, conversation, changes);
        success = true;
      } else {
        const next: ConversationStatus = conversation.status === 'open' ? 'resolved' : 'open';
        saveConversation(context, conversation, { status: next });
        success = true;
      }
      const member = caller.user?.accounts.find((entry) => entry.accountId === caller.account.id);
      if (conversation.status === 'open' && caller.user && member?.role === 'agent') {
        saveConversation(context, conversation, { assignee_id: caller.user.id });
      }
      res.json({
        meta: {},
        payload: {
          success,
          conversation_id: conversation.displayId,
          current_status: conversation.status,
          snoozed_until: conversation.snoozedUntil ? conversation.snoozedUntil.toISOString() : null,
        },
      });
    },
  );

  router.post(
    `${base}/:conversationId/toggle_priority`,
    accountRoute(core, 'conversations#toggle_priority'),
    (req, res) => {
      const caller = callerOf(res);
      const conversation = findConversation(req, res);
      const priority = castString(paramsOf(req).priority) || null;
      if (priority !== null && !PRIORITIES.includes(priority as ConversationPriority))
        throw invalidEnum(priority, 'priority');
      saveConversation(contextFor(core, caller.actor), conversation, {
        priority: priority as ConversationPriority | null,
      });
      res.status(200).end();
    },
  );

  router.post(`${base}/:conversationId/toggle_typing_status`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const params = paramsOf(req);
    const typing = castString(params.typing_status);
    if ((typing === 'on' || typing === 'off') && caller.user) {
      core.events.record({
        name: typing === 'on' ? 'conversation_typing_on' : 'conversation_typing_off',
        conversationId: conversation.id,
        typist: { kind: 'user', id: caller.user.id },
        isPrivate: castBoolean(params.is_private) ?? false,
      });
    }
    res.status(200).end();
  });

  router.post(
    `${base}/:conversationId/custom_attributes`,
    accountRoute(core, 'conversations#custom_attributes'),
    (req, res) => {
      const caller = callerOf(res);
      const conversation = findConversation(req, res);
      const attributes = castObject(paramsOf(req).custom_attributes) ?? {};
      saveConversation(contextFor(core, caller.actor), conversation, { custom_attributes: attributes });
      res.json({ custom_attributes: conversation.customAttributes });
    },
  );

  router.post(`${base}/:conversationId/update_last_seen`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    conversation.agentLastSeenAt = core.now();
    if (caller.user && conversation.assigneeId === caller.user.id)
      conversation.assigneeLastSeenAt = conversation.agentLastSeenAt;
    res.json({});
  });

  router.post(`${base}/:conversationId/assignments`, accountRoute(core, 'assignments#create'), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const params = paramsOf(req);
    const context = contextFor(core, caller.actor);
    if ('assignee_id' in params || params.assignee_type === 'AgentBot') {
      if (params.assignee_type === 'AgentBot') {
        const bot = state.agentBots.get(castInteger(params.assignee_id) ?? -1);
        if (!bot || (bot.accountId !== null && bot.accountId !== caller.account.id)) {
          res.json(null);
          return;
        }
        saveConversation(context, conversation, { assignee_id: null, assignee_agent_bot_id: bot.id });
        res.json(presentAgentBotSlim(bot));
        return;
      }
      const userId = castInteger(params.assignee_id);
      const user = userId === undefined ? undefined : state.users.get(userId);
      const member = user?.accounts.some((entry) => entry.accountId === caller.account.id) ? user : undefined;
      saveConversation(context, conversation, {
        assignee_id: member?.id ?? null,
        assignee_agent_bot_id: null,
      });
      res.json(member ? presentAgent(member, caller.account.id) : null);
      return;
    }
    if ('team_id' in params) {
      const team = state.teams.get(castInteger(params.team_id) ?? -1);
      const own = team && team.accountId === caller.account.id ? team : undefined;
      saveConversation(context, conversation, { team_id: own?.id ?? null });
      res.json(own ? presentTeamRow(own) : null);
      return;
    }
    res.json(null);
  });

  router.get(`${base}/:conversationId/labels`, accountRoute(core), (req, res) => {
    res.json({ payload: findConversation(req, res).labels });
  });

  router.post(`${base}/:conversationId/labels`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const conversation = findConversation(req, res);
    const raw = paramsOf(req).labels;
    const labels = [
      ...new Set((Array.isArray(raw) ? raw : []).map((label) => String(label).trim()).filter(Boolean)),
    ];
    saveConversation(contextFor(core, caller.actor), conversation, { label_list: labels });
    res.json({ payload: conversation.labels });
  });
}
