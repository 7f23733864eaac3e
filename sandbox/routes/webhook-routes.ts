import type { Request, Response, Router } from 'express';
import { NotFoundError, RecordInvalidError } from '../domain/errors.ts';
import type { SandboxCore } from '../sandbox-core.ts';
import type { WebhookRecord } from '../state/records.ts';
import { accountRoute, callerOf, requireAdministrator } from './authenticate-request.ts';
import { castInteger, castString, requireWrapped } from './read-params.ts';

/** `Webhook::ALLOWED_WEBHOOK_EVENTS`. */
export const ALLOWED_WEBHOOK_EVENTS = [
  'conversation_status_changed',
  'conversation_updated',
  'conversation_created',
  'contact_created',
  'contact_updated',
  'message_created',
  'message_updated',
  'webwidget_triggered',
  'inbox_created',
  'inbox_updated',
  'conversation_typing_on',
  'conversation_typing_off',
];
const ATTRIBUTES = [
  'id',
  'name',
  'subscriptions',
  'url',
  'webhook_type',
  'created_at',
  'updated_at',
  'account_id',
  'inbox_id',
];
/** `URI::DEFAULT_PARSER.make_regexp(%w[http https])`, approximated: an absolute http(s) URL. */
const URL_FORMAT = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

/** `app/views/api/v1/accounts/webhooks/_webhook.json.jbuilder`. */
function presentWebhook(core: SandboxCore, webhook: WebhookRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: webhook.id,
    name: webhook.name,
    url: webhook.url,
    account_id: webhook.accountId,
    subscriptions: webhook.subscriptions,
  };
  const inbox = webhook.inboxId ? core.state.inboxes.get(webhook.inboxId) : undefined;
  if (inbox) json.inbox = { id: inbox.id, name: inbox.name };
  return json;
}

/** Account webhooks (`WebhooksController`) with the model's URL and subscription validations. */
export function registerWebhookRoutes(router: Router, core: SandboxCore): void {
  const { state } = core;
  const base = '/api/v1/accounts/:accountId/webhooks';

  const validate = (webhook: WebhookRecord): void => {
    const problems: Array<[string, string]> = [];
    const clash = [...state.webhooks.values()].some(
      (other) =>
        other.accountId === webhook.accountId && other.id !== webhook.id && other.url === webhook.url,
    );
    if (clash) problems.push(['url', 'has already been taken']);
    if (!URL_FORMAT.test(webhook.url)) problems.push(['url', 'is invalid']);
    const subscriptions = webhook.subscriptions as unknown;
    const invalid =
      !Array.isArray(subscriptions) ||
      subscriptions.length === 0 ||
      subscriptions.some((event) => !ALLOWED_WEBHOOK_EVENTS.includes(String(event)));
    if (invalid) problems.push(['subscriptions', 'Invalid events']);
    if (problems.length > 0) throw new RecordInvalidError(problems);
  };

  const apply = (webhook: WebhookRecord, fields: Record<string, unknown>): void => {
    if (fields.url !== undefined) webhook.url = castString(fields.url) ?? '';
    if (fields.name !== undefined) webhook.name = castString(fields.name) ?? null;
    if (fields.subscriptions !== undefined) webhook.subscriptions = fields.subscriptions as string[];
    if (fields.inbox_id !== undefined) webhook.inboxId = castInteger(fields.inbox_id) ?? null;
    validate(webhook);
  };

  const findWebhook = (req: Request, res: Response): WebhookRecord => {
    const webhook = state.webhooks.get(Number(req.params.webhookId));
    if (!webhook || webhook.accountId !== callerOf(res).account.id) throw new NotFoundError();
    return webhook;
  };

  router.get(base, accountRoute(core), (_req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const webhooks = [...state.webhooks.values()].filter(
      (webhook) => webhook.accountId === caller.account.id,
    );
    res.json({ payload: { webhooks: webhooks.map((webhook) => presentWebhook(core, webhook)) } });
  });

  router.post(base, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const webhook: WebhookRecord = {
      id: 0,
      accountId: caller.account.id,
      inboxId: null,
      name: null,
      url: '',
      // the column default when none are given
      subscriptions: [...ALLOWED_WEBHOOK_EVENTS.slice(0, 8)],
      webhookType: 'account_type',
      createdAt: core.now(),
    };
    apply(webhook, requireWrapped(req, 'webhook', ATTRIBUTES));
    webhook.id = state.nextId('webhooks');
    state.webhooks.set(webhook.id, webhook);
    res.json({ payload: { webhook: presentWebhook(core, webhook) } });
  });

  router.patch(`${base}/:webhookId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    const webhook = findWebhook(req, res);
    const draft = { ...webhook };
    apply(draft, requireWrapped(req, 'webhook', ATTRIBUTES));
    Object.assign(webhook, draft);
    res.json({ payload: { webhook: presentWebhook(core, webhook) } });
  });

  router.delete(`${base}/:webhookId`, accountRoute(core), (req, res) => {
    const caller = callerOf(res);
    requireAdministrator(caller);
    state.webhooks.delete(findWebhook(req, res).id);
    res.status(200).end();
  });
}
