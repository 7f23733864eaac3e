import { readIfExists, OMNILOOM_NAME, type ProvisionContext } from './provision-context.ts';

const DESCRIPTION = 'Omniloom AI agent: answers from your knowledge base on every channel and hands off to your team.';

/** Creates the agent bot, or repairs the one created before (its outgoing URL carries the installation secret). */
export async function ensureAgentBot(
  context: ProvisionContext,
  existingId: number | undefined,
): Promise<{ id: number; accessToken?: string }> {
  // bot_type is left out: `webhook` is Chatwoot's default and only type, and the spec types it as an integer enum.
  const wanted = { name: OMNILOOM_NAME, description: DESCRIPTION, outgoing_url: context.urls.agentBot };
  const existing = existingId ? await readIfExists(() => context.chatwoot.getAgentBot(existingId)) : undefined;
  if (!existing) {
    const created = await context.chatwoot.createAgentBot(wanted);
    context.changes.push(`created agent bot ${created.id}`);
    return { id: created.id, accessToken: created.access_token ?? undefined };
  }
  if (existing.outgoing_url !== wanted.outgoing_url || existing.name !== wanted.name) {
    const updated = await context.chatwoot.updateAgentBot(existing.id, wanted);
    context.changes.push(`updated agent bot ${existing.id}`);
    return { id: updated.id, accessToken: updated.access_token ?? existing.access_token ?? undefined };
  }
  return { id: existing.id, accessToken: existing.access_token ?? undefined };
}
