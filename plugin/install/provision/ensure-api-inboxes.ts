import { readIfExists, OMNILOOM_NAME, type ProvisionContext } from './provision-context.ts';

/** One API-channel inbox per bridged channel; its webhook URL is where Chatwoot sends agent replies. */
export async function ensureApiInboxes(
  context: ProvisionContext,
  channels: string[],
  existing: Record<string, number>,
  displayName: (channel: string) => string,
): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const channel of channels) {
    const webhookUrl = context.urls.inboxWebhook(channel);
    const inboxId = existing[channel];
    const inbox = inboxId ? await readIfExists(() => context.chatwoot.getInbox(inboxId)) : undefined;
    if (!inbox) {
      const created = await context.chatwoot.createApiInbox({
        name: `${displayName(channel)} (${OMNILOOM_NAME})`,
        channel: { webhook_url: webhookUrl },
      });
      context.changes.push(`created ${channel} inbox ${created.id}`);
      result[channel] = created.id;
      continue;
    }
    if (inbox.webhook_url !== webhookUrl) {
      await context.chatwoot.updateInbox(inbox.id, { channel: { webhook_url: webhookUrl } });
      context.changes.push(`repaired ${channel} inbox ${inbox.id} webhook`);
    }
    result[channel] = inbox.id;
  }
  return result;
}
