import type { InstallationContext } from '../install/installation-directory.ts';
import { applyRoutingPlan } from './apply-routing-plan.ts';
import { planRouting, type RoutingDeps } from './plan-routing.ts';
import type { RoutedConversation, RoutingOutcome, RoutingReason } from './routing-types.ts';

/**
 * Routes a conversation the AI agent hands to people: the first matching
 * rule of settings.routing.rules sets its team, agent, priority and labels.
 * Labels are read fresh from Chatwoot first, so labels added since the
 * webhook was sent survive the replace.
 */
export async function routeHandoff(
  deps: RoutingDeps,
  context: InstallationContext,
  conversation: RoutedConversation,
  reason?: RoutingReason,
): Promise<RoutingOutcome> {
  const rules = context.settings.routing.rules;
  if (rules.length === 0) return {};
  let currentLabels: readonly string[] = conversation.labels;
  if (rules.some((rule) => rule.then.labels?.length)) {
    try {
      currentLabels = await context.chatwoot.getConversationLabels(conversation.id);
    } catch (error) {
      deps.logger?.warn(
        { err: error, conversationId: conversation.id },
        'could not read labels; merging with the webhook copy',
      );
    }
  }
  const plan = await planRouting(deps, context, conversation, reason, { turn: 'take', currentLabels });
  const outcome = await applyRoutingPlan(context, conversation.id, plan);
  if (plan.rule) {
    deps.logger?.info(
      { installationId: context.record.id, conversationId: conversation.id, ...outcome },
      'routed conversation',
    );
  }
  return outcome;
}
