import type { ChatwootContext } from './chatwoot-context.ts';
import { expectOk, expectRecord, pick, unwrapPayloadList } from './expect-response.ts';
import type { ChatwootAgentBot, ChatwootInbox, CreateApiInboxInput, UpdateInboxInput } from './types.ts';

/** Inboxes and the agent bot attached to each. */
export interface InboxMethods {
  /** `GET .../inboxes` (`{ payload: [...] }`). */
  listInboxes(): Promise<ChatwootInbox[]>;
  /** `GET .../inboxes/{id}`. */
  getInbox(inboxId: number): Promise<ChatwootInbox>;
  /** `POST .../inboxes` with `channel.type = "api"`: Chatwoot posts the inbox's events to `channel.webhook_url`. */
  createApiInbox(input: CreateApiInboxInput): Promise<ChatwootInbox>;
  /** `PATCH .../inboxes/{id}`; channel fields limited to webhook_url, hmac_mandatory, additional_attributes. */
  updateInbox(inboxId: number, input: UpdateInboxInput): Promise<ChatwootInbox>;
  /** `DELETE .../inboxes/{id}` (Chatwoot deletes the inbox in a background job). */
  deleteInbox(inboxId: number): Promise<void>;
  /** `GET .../inboxes/{id}/agent_bot`: the active bot of the inbox, or null. */
  getInboxAgentBot(inboxId: number): Promise<ChatwootAgentBot | null>;
  /** `POST .../inboxes/{id}/set_agent_bot`: attaches a bot, or detaches with null. */
  setInboxAgentBot(inboxId: number, botId: number | null): Promise<void>;
}

export function createInboxMethods({ api, supplement, accountId }: ChatwootContext): InboxMethods {
  const inbox = (id: number) => ({ path: { account_id: accountId, id } });
  return {
    async listInboxes() {
      const what = 'GET inboxes';
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/inboxes', { params: { path: { account_id: accountId } } }),
      );
      return unwrapPayloadList<ChatwootInbox>(what, body).items;
    },
    async getInbox(inboxId) {
      const what = `GET inbox ${inboxId}`;
      return expectRecord<ChatwootInbox>(
        what,
        await expectOk(
          what,
          api.GET('/api/v1/accounts/{account_id}/inboxes/{id}/', { params: inbox(inboxId) }),
        ),
      );
    },
    async createApiInbox(input) {
      const what = 'POST inboxes';
      // swagger.json lists only web-widget channel fields; API channels take webhook_url/hmac_mandatory (README §3).
      const body = { ...input, channel: { ...input.channel, type: 'api' as const } };
      const created = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/inboxes/', {
          params: { path: { account_id: accountId } },
          body: body as never,
        }),
      );
      return expectRecord<ChatwootInbox>(what, created);
    },
    async updateInbox(inboxId, input) {
      const what = `PATCH inbox ${inboxId}`;
      const updated = await expectOk(
        what,
        api.PATCH('/api/v1/accounts/{account_id}/inboxes/{id}', {
          params: inbox(inboxId),
          body: input as never,
        }),
      );
      return expectRecord<ChatwootInbox>(what, updated);
    },
    async deleteInbox(inboxId) {
      await expectOk(
        `DELETE inbox ${inboxId}`,
        supplement.DELETE('/api/v1/accounts/{account_id}/inboxes/{id}', { params: inbox(inboxId) }),
      );
    },
    async getInboxAgentBot(inboxId) {
      const what = `GET inbox ${inboxId} agent_bot`;
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/inboxes/{id}/agent_bot', { params: inbox(inboxId) }),
      );
      // The view renders `{ agent_bot: {...} }`, or an empty body / `{ agent_bot: null }` without a bot.
      const candidate = pick(body, 'agent_bot') ?? body;
      return typeof pick(candidate, 'id') === 'number'
        ? expectRecord<ChatwootAgentBot>(what, candidate)
        : null;
    },
    async setInboxAgentBot(inboxId, botId) {
      // `agent_bot: null` detaches; swagger.json only declares the number form.
      await expectOk(
        `POST inbox ${inboxId} set_agent_bot`,
        api.POST('/api/v1/accounts/{account_id}/inboxes/{id}/set_agent_bot', {
          params: inbox(inboxId),
          body: { agent_bot: botId } as never,
        }),
      );
    },
  };
}
