import type { ChatwootContext } from './chatwoot-context.ts';
import { expectOk, expectRecord, pick, unexpectedShape, unwrapPayloadRecord } from './expect-response.ts';
import type { ChatwootWebhook, WebhookInput } from './types.ts';

/** Account webhooks: Chatwoot posts account-wide events to each `url`. */
export interface WebhookMethods {
  /** `GET .../webhooks` (`{ payload: { webhooks: [...] } }`). */
  listWebhooks(): Promise<ChatwootWebhook[]>;
  /** `POST .../webhooks` (`{ payload: { webhook } }`); the URL must be unique in the account. */
  createWebhook(input: WebhookInput): Promise<ChatwootWebhook>;
  /** `PATCH .../webhooks/{id}`. */
  updateWebhook(webhookId: number, input: Partial<WebhookInput>): Promise<ChatwootWebhook>;
  /** `DELETE .../webhooks/{id}`. */
  deleteWebhook(webhookId: number): Promise<void>;
}

export function createWebhookMethods({ api, accountId }: ChatwootContext): WebhookMethods {
  const account = { path: { account_id: accountId } };
  const webhook = (id: number) => ({ path: { account_id: accountId, webhook_id: id } });
  // Chatwoot's own dashboard sends `{ webhook: {...} }`; swagger.json documents the flat form Rails also wraps.
  const wrap = (input: Partial<WebhookInput>) => ({ webhook: input }) as never;
  const single = (what: string, body: unknown) =>
    expectRecord<ChatwootWebhook>(what, pick(unwrapPayloadRecord(what, body), 'webhook'));
  return {
    async listWebhooks() {
      const what = 'GET webhooks';
      const body = await expectOk(
        what,
        api.GET('/api/v1/accounts/{account_id}/webhooks', { params: account }),
      );
      const list = pick(unwrapPayloadRecord(what, body), 'webhooks');
      if (!Array.isArray(list)) throw unexpectedShape(what, '{ payload: { webhooks: [...] } }', body);
      return list as ChatwootWebhook[];
    },
    async createWebhook(input) {
      const what = 'POST webhooks';
      return single(
        what,
        await expectOk(
          what,
          api.POST('/api/v1/accounts/{account_id}/webhooks', { params: account, body: wrap(input) }),
        ),
      );
    },
    async updateWebhook(webhookId, input) {
      const what = `PATCH webhook ${webhookId}`;
      return single(
        what,
        await expectOk(
          what,
          api.PATCH('/api/v1/accounts/{account_id}/webhooks/{webhook_id}', {
            params: webhook(webhookId),
            body: wrap(input),
          }),
        ),
      );
    },
    async deleteWebhook(webhookId) {
      await expectOk(
        `DELETE webhook ${webhookId}`,
        api.DELETE('/api/v1/accounts/{account_id}/webhooks/{webhook_id}', { params: webhook(webhookId) }),
      );
    },
  };
}
