import type { ProvisionContext } from './provision-context.ts';

export interface BotInbox {
  inboxId: number;
  previousAgentBotId: number | null;
}

/**
 * Attaches the agent bot to the chosen inboxes, remembering which bot each had
 * before so uninstall can put it back, and detaches it from inboxes that are
 * no longer chosen.
 */
export async function ensureBotInboxes(
  context: ProvisionContext,
  botId: number,
  chosenInboxIds: number[],
  previous: BotInbox[],
): Promise<BotInbox[]> {
  const remembered = new Map(previous.map((entry) => [entry.inboxId, entry]));
  const result: BotInbox[] = [];
  for (const inboxId of chosenInboxIds) {
    const current = await context.chatwoot.getInboxAgentBot(inboxId);
    const entry = remembered.get(inboxId) ?? { inboxId, previousAgentBotId: current && current.id !== botId ? current.id : null };
    if (current?.id !== botId) {
      await context.chatwoot.setInboxAgentBot(inboxId, botId);
      context.changes.push(`attached agent bot to inbox ${inboxId}`);
    }
    result.push(entry);
  }
  for (const entry of previous) {
    if (chosenInboxIds.includes(entry.inboxId)) continue;
    await restoreInboxBot(context, botId, entry);
  }
  return result;
}

/** Gives an inbox back the bot it had before Omniloom, if Omniloom's bot is still the one attached. */
export async function restoreInboxBot(context: ProvisionContext, botId: number, entry: BotInbox): Promise<void> {
  const current = await context.chatwoot.getInboxAgentBot(entry.inboxId).catch(() => null);
  if (current?.id !== botId) return;
  await context.chatwoot.setInboxAgentBot(entry.inboxId, entry.previousAgentBotId);
  context.changes.push(`detached agent bot from inbox ${entry.inboxId}`);
}
