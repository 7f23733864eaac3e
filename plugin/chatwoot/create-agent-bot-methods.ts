import type { ChatwootContext } from './chatwoot-context.ts';
import { expectArray, expectOk, expectRecord } from './expect-response.ts';
import type { AgentBotInput, ChatwootAgentBot } from './types.ts';

/** Account agent bots (the webhook bots Chatwoot calls at `outgoing_url`). */
export interface AgentBotMethods {
  /** `GET .../agent_bots`: the account's bots plus system bots. */
  listAgentBots(): Promise<ChatwootAgentBot[]>;
  /** `GET .../agent_bots/{id}`. */
  getAgentBot(botId: number): Promise<ChatwootAgentBot>;
  /** `POST .../agent_bots`; the response's `access_token` is the token the bot acts with. */
  createAgentBot(input: AgentBotInput): Promise<ChatwootAgentBot>;
  /** `PATCH .../agent_bots/{id}`. */
  updateAgentBot(botId: number, input: AgentBotInput): Promise<ChatwootAgentBot>;
  /** `DELETE .../agent_bots/{id}`. */
  deleteAgentBot(botId: number): Promise<void>;
}

export function createAgentBotMethods({ api, accountId }: ChatwootContext): AgentBotMethods {
  const account = { path: { account_id: accountId } };
  const bot = (id: number) => ({ path: { account_id: accountId, id } });
  return {
    async listAgentBots() {
      const what = 'GET agent_bots';
      return expectArray<ChatwootAgentBot>(
        what,
        await expectOk(what, api.GET('/api/v1/accounts/{account_id}/agent_bots', { params: account })),
      );
    },
    async getAgentBot(botId) {
      const what = `GET agent_bot ${botId}`;
      return expectRecord<ChatwootAgentBot>(
        what,
        await expectOk(
          what,
          api.GET('/api/v1/accounts/{account_id}/agent_bots/{id}', { params: bot(botId) }),
        ),
      );
    },
    async createAgentBot(input) {
      const what = 'POST agent_bots';
      // swagger.json types bot_type as a number; Chatwoot's enum also takes its name ("webhook").
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/agent_bots', { params: account, body: input as never }),
      );
      return expectRecord<ChatwootAgentBot>(what, body);
    },
    async updateAgentBot(botId, input) {
      const what = `PATCH agent_bot ${botId}`;
      const body = await expectOk(
        what,
        api.PATCH('/api/v1/accounts/{account_id}/agent_bots/{id}', {
          params: bot(botId),
          body: input as never,
        }),
      );
      return expectRecord<ChatwootAgentBot>(what, body);
    },
    async deleteAgentBot(botId) {
      await expectOk(
        `DELETE agent_bot ${botId}`,
        api.DELETE('/api/v1/accounts/{account_id}/agent_bots/{id}', { params: bot(botId) }),
      );
    },
  };
}
