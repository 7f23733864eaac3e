import type { Router } from 'express';
import { NotFoundError } from '../domain/errors.ts';
import { presentAgentBot } from '../presenters/present-agent-bots.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import { generateSecureToken } from '../state/generate-tokens.ts';
import type { AgentBotRecord } from '../state/records.ts';
import { accountRoute, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castObject, castString, paramsOf } from './read-params.ts';

/** Agent bots of an account (`AgentBotsController`); each bot gets an access token it can call the API with. */
export function registerAgentBotRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/agent_bots';

  const applyBot = (bot: AgentBotRecord, params: Record<string, unknown>): void => {
    if (params.name !== undefined) bot.name = castString(params.name) ?? '';
    if (params.description !== undefined) bot.description = castString(params.description) ?? null;
    if (params.outgoing_url !== undefined) bot.outgoingUrl = castString(params.outgoing_url) ?? null;
    const config = castObject(params.bot_config);
    if (config) bot.botConfig = config;
  };

  router.get(base, accountRoute(core), (_req, res) => {
    const { account } = callerOf(res);
    const bots = [...state.agentBots.values()].filter(
      (bot) => bot.accountId === null || bot.accountId === account.id,
    );
    res.json(bots.map((bot) => presentAgentBot(bot, account.id)));
  });

  router.post(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const bot: AgentBotRecord = {
      id: state.nextId('agentBots'),
      accountId: caller.account.id,
      name: '',
      description: null,
      outgoingUrl: null,
      botConfig: {},
      accessToken: generateSecureToken(),
      createdAt: core.now(),
    };
    applyBot(bot, paramsOf(req));
    state.agentBots.set(bot.id, bot);
    res.json(presentAgentBot(bot, caller.account.id));
  });

  router.get(`${base}/:botId`, accountRoute(core), (req, res) => {
    const { account } = callerOf(res);
    const bot = state.agentBots.get(Number(req.params.botId));
    if (!bot || (bot.accountId !== null && bot.accountId !== account.id)) throw new NotFoundError();
    res.json(presentAgentBot(bot, account.id));
  });

  const ownBot = (accountId: number, id: unknown): AgentBotRecord => {
    const bot = state.agentBots.get(Number(id));
    if (!bot || bot.accountId !== accountId) throw new NotFoundError();
    return bot;
  };

  router.patch(`${base}/:botId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const bot = ownBot(caller.account.id, req.params.botId);
    applyBot(bot, paramsOf(req));
    res.json(presentAgentBot(bot, caller.account.id));
  });

  router.delete(`${base}/:botId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const bot = ownBot(caller.account.id, req.params.botId);
    state.agentBots.delete(bot.id);
    for (const [inboxId, link] of state.agentBotInboxes)
      if (link.agentBotId === bot.id) state.agentBotInboxes.delete(inboxId);
    for (const conversation of state.conversations.values()) {
      if (conversation.assigneeAgentBotId === bot.id) conversation.assigneeAgentBotId = null;
    }
    res.status(200).end();
  });

  router.post(`${base}/:botId/reset_access_token`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const bot = ownBot(caller.account.id, req.params.botId);
    bot.accessToken = generateSecureToken();
    res.json(presentAgentBot(bot, caller.account.id));
  });
}
