import type { AgentBotRecord } from '../state/records.ts';

/**
 * `app/views/api/v1/models/_agent_bot.json.jbuilder` through `AgentBotPresenter`: `access_token` is the
 * token string, shown only when the bot belongs to the calling account.
 */
export function presentAgentBot(bot: AgentBotRecord, currentAccountId: number): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: bot.id,
    name: bot.name,
    description: bot.description,
    thumbnail: '',
  };
  if (bot.accountId !== null) json.outgoing_url = bot.outgoingUrl;
  json.bot_type = 'webhook';
  json.bot_config = bot.botConfig;
  json.account_id = bot.accountId;
  if (bot.accountId !== null && bot.accountId === currentAccountId) json.access_token = bot.accessToken;
  json.system_bot = bot.accountId === null;
  return json;
}

/** `app/views/api/v1/models/_agent_bot_slim.json.jbuilder` (assignment response, conversation meta). */
export function presentAgentBotSlim(bot: AgentBotRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: bot.id,
    name: bot.name,
    description: bot.description,
    thumbnail: '',
  };
  if (bot.accountId !== null) json.outgoing_url = bot.outgoingUrl;
  json.bot_type = 'webhook';
  return json;
}

/** `AgentBot#push_event_data`. */
export function presentAgentBotPushData(bot: AgentBotRecord): Record<string, unknown> {
  return { id: bot.id, name: bot.name, avatar_url: '', type: 'agent_bot' };
}

/** `AgentBot#webhook_data`. */
export function presentAgentBotWebhookData(bot: AgentBotRecord): Record<string, unknown> {
  return { id: bot.id, name: bot.name, type: 'agent_bot' };
}
