import type { ChatwootContext } from './chatwoot-context.ts';
import {
  expectOk,
  expectRecord,
  pick,
  unexpectedShape,
  unwrapDataPayloadList,
  unwrapPayloadRecord,
} from './expect-response.ts';
import type {
  ChatwootAgent,
  ChatwootAgentBotSlim,
  ChatwootConversation,
  ChatwootTeam,
  ConversationPage,
  ConversationPriority,
  ConversationStatus,
  CreateConversationInput,
  JsonObject,
  ListConversationsQuery,
  ToggleStatusResult,
} from './types.ts';

/** Conversations: creation, listing, status, priority, assignment, labels, attributes, typing. */
export interface ConversationMethods {
  /**
   * `POST .../conversations`. In an inbox with an active agent bot the new conversation is
   * `pending` whatever `status` says; with `lock_to_single_conversation` the contact's last one is returned.
   */
  createConversation(input: CreateConversationInput): Promise<ChatwootConversation>;
  /** `GET .../conversations/{id}` (display id). */
  getConversation(conversationId: number): Promise<ChatwootConversation>;
  /** `GET .../conversations` (`{ data: { meta, payload } }`). */
  listConversations(query?: ListConversationsQuery): Promise<ConversationPage>;
  /**
   * `POST .../toggle_status` with an explicit status. A bot calling with `open` on a
   * `pending` conversation performs the hand-off to agents. `snoozedUntil` is unix seconds.
   */
  toggleConversationStatus(
    conversationId: number,
    status: ConversationStatus,
    options?: { snoozedUntil?: number },
  ): Promise<ToggleStatusResult>;
  /** `POST .../toggle_priority`; null clears the priority. */
  toggleConversationPriority(conversationId: number, priority: ConversationPriority | null): Promise<void>;
  /** `POST .../assignments` with `assignee_id`; null unassigns. Returns the agent (or null). */
  assignConversationAgent(conversationId: number, agentId: number | null): Promise<ChatwootAgent | null>;
  /** `POST .../assignments` with `team_id`; null removes the team. Returns the team (or null). */
  assignConversationTeam(conversationId: number, teamId: number | null): Promise<ChatwootTeam | null>;
  /** `POST .../assignments` with `assignee_type: "AgentBot"`: the bot then receives the conversation's events. */
  assignConversationBot(conversationId: number, botId: number): Promise<ChatwootAgentBotSlim | null>;
  /** `POST .../labels`: replaces the whole label list; returns the stored list. */
  setConversationLabels(conversationId: number, labels: string[]): Promise<string[]>;
  /** `GET .../labels`. */
  getConversationLabels(conversationId: number): Promise<string[]>;
  /** `POST .../custom_attributes`: replaces the conversation's custom attributes; returns the stored ones. */
  setConversationCustomAttributes(conversationId: number, customAttributes: JsonObject): Promise<JsonObject>;
  /** `POST .../toggle_typing_status`: shows or hides the typing indicator; `isPrivate` for private-note typing. */
  toggleConversationTyping(
    conversationId: number,
    typing: 'on' | 'off',
    options?: { isPrivate?: boolean },
  ): Promise<void>;
}

/** Rails reads array query params only in the `labels[]=a&labels[]=b` form. */
function serializeConversationQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else params.append(key, String(value));
  }
  return params.toString();
}

export function createConversationMethods({
  api,
  supplement,
  accountId,
}: ChatwootContext): ConversationMethods {
  const account = { account_id: accountId };
  const conversation = (id: number) => ({ path: { account_id: accountId, conversation_id: id } });

  async function assign(conversationId: number, body: Record<string, unknown>): Promise<unknown> {
    const what = `POST conversation ${conversationId} assignments`;
    const result = await expectOk(
      what,
      api.POST('/api/v1/accounts/{account_id}/conversations/{conversation_id}/assignments', {
        params: conversation(conversationId),
        // swagger.json omits assignee_type and null ids (README §5).
        body: body as never,
      }),
    );
    return typeof pick(result, 'id') === 'number' ? result : null;
  }

  function labelsOf(what: string, body: unknown): string[] {
    const labels = pick(body, 'payload');
    if (Array.isArray(labels)) return labels as string[];
    throw unexpectedShape(what, '{ payload: [labels] }', body);
  }

  return {
    async createConversation(input) {
      const what = 'POST conversations';
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/conversations', {
          params: { path: account },
          body: input as never,
        }),
      );
      return expectRecord<ChatwootConversation>(what, body);
    },
    async getConversation(conversationId) {
      const what = `GET conversation ${conversationId}`;
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/conversations/{conversation_id}', {
          params: conversation(conversationId),
        }),
      );
      return expectRecord<ChatwootConversation>(what, body);
    },
    async listConversations(query = {}) {
      const what = 'GET conversations';
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/conversations', {
          params: { path: account, query },
          querySerializer: serializeConversationQuery,
        }),
      );
      const { items, meta } = unwrapDataPayloadList<ChatwootConversation, ConversationPage['meta']>(
        what,
        body,
      );
      return { conversations: items, meta };
    },
    async toggleConversationStatus(conversationId, status, options = {}) {
      const what = `POST conversation ${conversationId} toggle_status`;
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_status', {
          params: conversation(conversationId),
          body: {
            status,
            ...(options.snoozedUntil !== undefined ? { snoozed_until: options.snoozedUntil } : {}),
          },
        }),
      );
      return unwrapPayloadRecord<ToggleStatusResult>(what, body);
    },
    async toggleConversationPriority(conversationId, priority) {
      await expectOk(
        `POST conversation ${conversationId} toggle_priority`,
        api.POST('/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_priority', {
          params: conversation(conversationId),
          // Chatwoot clears the priority with null; swagger.json's "none" is not a stored value.
          body: { priority } as never,
        }),
      );
    },
    async assignConversationAgent(conversationId, agentId) {
      return (await assign(conversationId, { assignee_id: agentId })) as ChatwootAgent | null;
    },
    async assignConversationTeam(conversationId, teamId) {
      return (await assign(conversationId, { team_id: teamId })) as ChatwootTeam | null;
    },
    async assignConversationBot(conversationId, botId) {
      return (await assign(conversationId, {
        assignee_id: botId,
        assignee_type: 'AgentBot',
      })) as ChatwootAgentBotSlim | null;
    },
    async setConversationLabels(conversationId, labels) {
      const what = `POST conversation ${conversationId} labels`;
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/conversations/{conversation_id}/labels', {
          params: conversation(conversationId),
          body: { labels },
        }),
      );
      return labelsOf(what, body);
    },
    async getConversationLabels(conversationId) {
      const what = `GET conversation ${conversationId} labels`;
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/conversations/{conversation_id}/labels', {
          params: conversation(conversationId),
        }),
      );
      return labelsOf(what, body);
    },
    async setConversationCustomAttributes(conversationId, customAttributes) {
      const what = `POST conversation ${conversationId} custom_attributes`;
      const body = await expectOk(
        what,
        api.POST('/api/v1/accounts/{account_id}/conversations/{conversation_id}/custom_attributes', {
          params: conversation(conversationId),
          body: { custom_attributes: customAttributes },
        }),
      );
      const stored = pick(body, 'custom_attributes');
      // The attributes are replaced wholesale, so what was sent is what is stored when the body omits it.
      return typeof stored === 'object' && stored !== null ? (stored as JsonObject) : customAttributes;
    },
    async toggleConversationTyping(conversationId, typing, options = {}) {
      await expectOk(
        `POST conversation ${conversationId} toggle_typing_status`,
        supplement.POST(
          '/api/v1/accounts/{account_id}/conversations/{conversation_id}/toggle_typing_status',
          {
            params: conversation(conversationId),
            body: {
              typing_status: typing,
              ...(options.isPrivate !== undefined ? { is_private: options.isPrivate } : {}),
            },
          },
        ),
      );
    },
  };
}
