import { OMNILOOM_NAME, type ProvisionContext } from './provision-context.ts';

/**
 * Events the account webhook subscribes to: contacts for identity, conversations and messages for routing, SLA and
 * analytics; message_updated carries CSAT ratings (the survey message gains `submitted_values`).
 */
export const ACCOUNT_WEBHOOK_EVENTS = [
  'contact_created',
  'contact_updated',
  'conversation_created',
  'conversation_status_changed',
  'conversation_updated',
  'message_created',
  'message_updated',
] as const;

export async function ensureAccountWebhook(context: ProvisionContext, existingId: number | undefined): Promise<{ id: number }> {
  const url = context.urls.accountWebhook;
  const webhooks = await context.chatwoot.listWebhooks();
  const ours = webhooks.find((webhook) => webhook.id === existingId) ?? webhooks.find((webhook) => webhook.url === url);
  const wanted = { url, name: OMNILOOM_NAME, subscriptions: [...ACCOUNT_WEBHOOK_EVENTS] };
  if (!ours) {
    const created = await context.chatwoot.createWebhook(wanted);
    context.changes.push(`created account webhook ${created.id}`);
    return { id: created.id };
  }
  const subscriptions = [...(ours.subscriptions ?? [])].sort().join(',');
  if (ours.url !== url || subscriptions !== [...ACCOUNT_WEBHOOK_EVENTS].sort().join(',')) {
    await context.chatwoot.updateWebhook(ours.id, wanted);
    context.changes.push(`repaired account webhook ${ours.id}`);
  }
  return { id: ours.id };
}
