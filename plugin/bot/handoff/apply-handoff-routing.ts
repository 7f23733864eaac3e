import type { InstallationContext } from '../../install/installation-directory.ts';
import type { Logger } from '../../logger.ts';
import { routeHandoff } from '../../routing/route-handoff.ts';
import type { RoutedConversation, RoutingOutcome } from '../../routing/routing-types.ts';
import type { Store } from '../../store/store.ts';
import type { HandoffReason } from './handoff-reason.ts';

export type { RoutedConversation, RoutingOutcome } from '../../routing/routing-types.ts';

/**
 * Routes a conversation the agent hands to people with the routing engine
 * (plugin/routing): the first matching rule of settings.routing.rules sets
 * team, agent (round-robin or least-loaded among online agents), priority
 * and labels (merged with the existing ones). The single entry point for
 * hand-off routing.
 *
 * Pass `store` so round-robin keeps its place per rule across processes;
 * without it the conversation id picks the starting agent. Pass the
 * knowledge-base `sources` on the conversation so topic rules can match them.
 */
export async function applyHandoffRouting(
  context: InstallationContext,
  conversation: RoutedConversation,
  reason: HandoffReason,
  options: { now?: Date; logger?: Logger; store?: Pick<Store, 'kv'> } = {},
): Promise<RoutingOutcome> {
  const now = options.now;
  return routeHandoff(
    {
      ...(options.store ? { store: options.store } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(now ? { now: () => now } : {}),
    },
    context,
    conversation,
    reason,
  );
}
