import type { InstallationContext } from '../install/installation-directory.ts';
import type { RoutingPlan } from './plan-routing.ts';
import type { RoutingOutcome } from './routing-types.ts';

/**
 * Carries out a routing plan on Chatwoot: team first (Chatwoot drops an
 * assignee who is not in the new team), then the agent, the priority, and the
 * merged label list (Chatwoot's labels endpoint replaces the whole list).
 * Team, agent and priority go with the agent bot's token, so Chatwoot's
 * activity log credits the bot; labels need the administrator's token (the
 * labels endpoint is closed to bots).
 */
export async function applyRoutingPlan(
  context: InstallationContext,
  conversationId: number,
  plan: RoutingPlan,
): Promise<RoutingOutcome> {
  if (!plan.rule) return {};
  const actor = context.bot ?? context.chatwoot;
  const outcome: RoutingOutcome = { rule: plan.rule.name };
  if (plan.teamId !== undefined) {
    await actor.assignConversationTeam(conversationId, plan.teamId);
    outcome.teamId = plan.teamId;
  }
  if (plan.assignment) {
    outcome.assignment = plan.assignment.strategy;
    const agentId = plan.assignment.agentId;
    if (agentId !== undefined) {
      await actor.assignConversationAgent(conversationId, agentId);
      outcome.assigneeId = agentId;
    } else {
      outcome.unassigned = plan.assignment.unassigned ?? 'no agent picked';
    }
  }
  if (plan.priority) {
    await actor.toggleConversationPriority(conversationId, plan.priority);
    outcome.priority = plan.priority;
  }
  if (plan.labels) {
    outcome.labels = plan.labels.added.length
      ? await context.chatwoot.setConversationLabels(conversationId, plan.labels.result)
      : plan.labels.result;
  }
  return outcome;
}
