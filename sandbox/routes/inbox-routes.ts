import type { Request, Router } from 'express';
import {
  type InboxSettings,
  applyInboxSettings,
  createInbox,
  defaultChannel,
  deleteInbox,
  validateChannel,
} from '../domain/create-inbox.ts';
import { NotFoundError, UnprocessableError } from '../domain/errors.ts';
import { presentAgentBot } from '../presenters/present-agent-bots.ts';
import { presentInbox } from '../presenters/present-inboxes.ts';
import { type SandboxCore, contextFor } from '../sandbox-core.ts';
import type { ChannelRecord, InboxRecord } from '../state/records.ts';
import { accountRoute, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castBoolean, castInteger, castObject, castString, paramsOf } from './read-params.ts';

/** `InboxesController#inbox_attributes` read from the params. */
function readInboxSettings(params: Record<string, unknown>): InboxSettings {
  const nullable = (value: unknown) => (value === undefined ? undefined : (castString(value) ?? null));
  const senderNameType = castString(params.sender_name_type);
  return {
    name: castString(params.name) ?? undefined,
    greeting_enabled: castBoolean(params.greeting_enabled),
    greeting_message: nullable(params.greeting_message),
    enable_email_collect: castBoolean(params.enable_email_collect),
    csat_survey_enabled: castBoolean(params.csat_survey_enabled),
    enable_auto_assignment: castBoolean(params.enable_auto_assignment),
    working_hours_enabled: castBoolean(params.working_hours_enabled),
    out_of_office_message: nullable(params.out_of_office_message),
    timezone: castString(params.timezone) ?? undefined,
    allow_messages_after_resolved: castBoolean(params.allow_messages_after_resolved),
    lock_to_single_conversation: castBoolean(params.lock_to_single_conversation),
    portal_id: params.portal_id === undefined ? undefined : (castInteger(params.portal_id) ?? null),
    sender_name_type:
      senderNameType === 'professional' || senderNameType === 'friendly' ? senderNameType : undefined,
    business_name: nullable(params.business_name),
  };
}

/** Apply `EDITABLE_ATTRS` of the channel type from `params.channel`. */
function applyChannelParams(channel: ChannelRecord, raw: Record<string, unknown>): void {
  if (channel.type === 'Channel::Api') {
    if (raw.webhook_url !== undefined) channel.webhookUrl = castString(raw.webhook_url) ?? null;
    const mandatory = castBoolean(raw.hmac_mandatory);
    if (mandatory !== undefined) channel.hmacMandatory = mandatory;
    const extra = castObject(raw.additional_attributes);
    if (extra) channel.additionalAttributes = extra;
  }
  if (channel.type === 'Channel::WebWidget') {
    if (raw.website_url !== undefined) channel.websiteUrl = castString(raw.website_url) ?? null;
    if (raw.widget_color !== undefined) channel.widgetColor = castString(raw.widget_color) ?? '#1f93ff';
    if (raw.welcome_title !== undefined) channel.welcomeTitle = castString(raw.welcome_title) ?? null;
    if (raw.welcome_tagline !== undefined) channel.welcomeTagline = castString(raw.welcome_tagline) ?? null;
    const mandatory = castBoolean(raw.hmac_mandatory);
    if (mandatory !== undefined) channel.hmacMandatory = mandatory;
  }
}

/** Inboxes (`InboxesController`): list, show, create (API and web widget channels), update, delete, agent bot. */
export function registerInboxRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;

  const findInbox = (req: Request, accountId: number): InboxRecord => {
    const inbox = state.inboxes.get(Number(req.params.inboxId));
    if (!inbox || inbox.accountId !== accountId) throw new NotFoundError();
    return inbox;
  };

  router.get('/api/v1/accounts/:accountId/inboxes', accountRoute(core), (_req, res) => {
    const caller = callerOf(res);
    const inboxes = state
      .accountInboxes(caller.account.id)
      .filter((inbox) => caller.isAdmin || (caller.user && inbox.memberIds.has(caller.user.id)))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    res.json({ payload: inboxes.map((inbox) => presentInbox(state, inbox, caller.isAdmin)) });
  });

  router.get('/api/v1/accounts/:accountId/inboxes/:inboxId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    res.json(presentInbox(state, findInbox(req, caller.account.id), caller.isAdmin));
  });

  router.post('/api/v1/accounts/:accountId/inboxes', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const params = paramsOf(req);
    const channelParams = castObject(params.channel) ?? {};
    const type = castString(channelParams.type);
    let channel: ChannelRecord;
    if (type === 'api') channel = defaultChannel(state, 'Channel::Api');
    else if (type === 'web_widget') channel = defaultChannel(state, 'Channel::WebWidget');
    else if (['email', 'line', 'telegram', 'whatsapp', 'sms'].includes(type ?? '')) {
      throw new UnprocessableError(
        `The sandbox cannot reach the ${type} platform to set this channel up; create it with POST /__sandbox/inboxes`,
      );
    } else {
      throw new UnprocessableError('Validation failed: Channel must exist');
    }
    applyChannelParams(channel, channelParams);
    const inbox = createInbox(
      contextFor(core, caller.actor),
      caller.account.id,
      channel,
      readInboxSettings(params),
    );
    res.json(presentInbox(state, inbox, caller.isAdmin));
  });

  router.patch('/api/v1/accounts/:accountId/inboxes/:inboxId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const inbox = findInbox(req, caller.account.id);
    const params = paramsOf(req);
    const draft: InboxRecord = { ...inbox, channel: { ...inbox.channel } };
    applyInboxSettings(draft, readInboxSettings(params));
    const channelParams = castObject(params.channel);
    if (channelParams) applyChannelParams(draft.channel, channelParams);
    validateChannel(draft.channel);
    Object.assign(inbox, draft, { updatedAt: core.now() });
    res.json(presentInbox(state, inbox, caller.isAdmin));
  });

  router.delete('/api/v1/accounts/:accountId/inboxes/:inboxId', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    deleteInbox(contextFor(core, caller.actor), findInbox(req, caller.account.id));
    res.json({ message: 'Your inbox deletion request will be processed in some time.' });
  });

  router.get('/api/v1/accounts/:accountId/inboxes/:inboxId/agent_bot', accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    const inbox = findInbox(req, caller.account.id);
    const link = state.agentBotInboxes.get(inbox.id);
    const bot = link ? state.agentBots.get(link.agentBotId) : undefined;
    // An empty jbuilder block renders `{}`.
    res.json({ agent_bot: bot ? presentAgentBot(bot, caller.account.id) : {} });
  });

  router.post(
    '/api/v1/accounts/:accountId/inboxes/:inboxId/set_agent_bot',
    accountRoute(core),
    (req, res) => {
      const caller = callerOf(res);
      requireAdministrator(caller);
      const inbox = findInbox(req, caller.account.id);
      const botId = paramsOf(req).agent_bot;
      if (botId !== undefined && botId !== null && botId !== '') {
        const bot = state.agentBots.get(Number(botId));
        if (!bot) throw new NotFoundError();
        state.agentBotInboxes.set(inbox.id, {
          inboxId: inbox.id,
          agentBotId: bot.id,
          accountId: inbox.accountId,
          status: 'active',
        });
      } else {
        state.agentBotInboxes.delete(inbox.id);
      }
      res.status(200).end();
    },
  );
}
