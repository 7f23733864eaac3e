import { DateTime } from 'luxon';
import { detectLanguage } from '../bot/detect-language.ts';
import type { ConversationPriority } from '../chatwoot/types.ts';
import type { InstallationContext } from '../install/installation-directory.ts';
import type { InstallationSettings } from '../install/installation-settings.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import { businessCalendarOf } from './calendar/business-calendar.ts';
import { isWithinBusinessHours } from './calendar/is-within-business-hours.ts';
import { countOpenConversations } from './count-open-conversations.ts';
import { evaluateRoutingRules, type RuleEvaluation } from './evaluate-routing-rules.ts';
import {
  isOnline,
  loadAgentCandidates,
  type AgentCandidate,
  type CandidateSource,
} from './load-agent-candidates.ts';
import { pickLeastLoaded, pickRoundRobin } from './pick-agent.ts';
import { roundRobinTurn, type TurnMode } from './round-robin-turn.ts';
import type { RoutedConversation, RoutingReason } from './routing-types.ts';

/** What routing needs besides the installation. */
export interface RoutingDeps {
  /** Counts each rule's round-robin turns; without it the conversation id picks the agent. */
  store?: Pick<Store, 'kv'>;
  logger?: Logger;
  now?: () => Date;
}

/** What routing would do for a conversation, and why (the dry run shows it as is). */
export interface RoutingPlan {
  at: string;
  businessHours: { inside: boolean; timezone: string; localTime: string };
  /** The language the rules saw (given, or detected from the message). */
  language?: string;
  rule?: { name: string; index: number };
  evaluations: RuleEvaluation[];
  teamId?: number;
  priority?: ConversationPriority;
  labels?: { current: string[]; added: string[]; result: string[] };
  assignment?: {
    strategy: 'round_robin' | 'least_loaded';
    source?: CandidateSource;
    candidates: Array<AgentCandidate & { online: boolean; openConversations?: number }>;
    agentId?: number;
    /** Why nobody was picked. */
    unassigned?: string;
    /** False when the open-conversation count stopped before the last page. */
    loadComplete?: boolean;
  };
  warnings: string[];
}

/**
 * Decides what to set on a conversation being handed over: the first
 * matching rule's team, priority and labels (merged into `currentLabels`),
 * and an online agent picked round-robin or least-loaded (ties by
 * round-robin). Only reads from Chatwoot; {@link applyRoutingPlan} writes.
 * With `turn: 'take'` picking an agent draws the rule's next round-robin turn
 * from the store; `'peek'` (the dry run) leaves the store as it was.
 */
export async function planRouting(
  deps: RoutingDeps,
  context: InstallationContext,
  conversation: RoutedConversation,
  reason: RoutingReason | undefined,
  options: { turn: TurnMode; settings?: InstallationSettings; currentLabels?: readonly string[]; at?: Date },
): Promise<RoutingPlan> {
  const settings = options.settings ?? context.settings;
  const at = options.at ?? deps.now?.() ?? new Date();
  const calendar = businessCalendarOf(settings);
  const detected = conversation.language ? undefined : detectLanguage(conversation.text);
  const language = conversation.language ?? (detected?.reliable ? detected.code : undefined);
  const { hit, evaluations } = evaluateRoutingRules(settings.routing.rules, {
    channel: conversation.channel,
    inboxId: conversation.inboxId,
    ...(language ? { language } : {}),
    text: conversation.text,
    contactAttributes: conversation.contactAttributes,
    ...(reason ? { reason } : {}),
    ...(conversation.sources ? { sources: conversation.sources } : {}),
    at,
    calendar,
  });
  const plan: RoutingPlan = {
    at: at.toISOString(),
    businessHours: {
      inside: isWithinBusinessHours(calendar, at),
      timezone: calendar.timezone,
      localTime: DateTime.fromJSDate(at, { zone: calendar.timezone }).toFormat('cccc yyyy-LL-dd HH:mm ZZZZ'),
    },
    ...(language ? { language } : {}),
    evaluations,
    warnings: [],
  };
  if (!hit) return plan;
  const { rule, index } = hit;
  plan.rule = { name: rule.name, index };
  if (rule.then.teamId !== undefined) plan.teamId = rule.then.teamId;
  if (rule.then.priority) plan.priority = rule.then.priority;
  if (rule.then.labels?.length) {
    const current = [...new Set([...(options.currentLabels ?? []), ...conversation.labels])];
    const added = rule.then.labels.filter((label) => !current.includes(label));
    plan.labels = { current, added, result: [...current, ...added] };
  }
  if (rule.then.assignment !== 'none') {
    plan.assignment = await planAssignment(
      deps,
      context,
      conversation,
      { name: rule.name, then: rule.then, turn: options.turn },
      plan.warnings,
    );
  }
  return plan;
}

async function planAssignment(
  deps: RoutingDeps,
  context: InstallationContext,
  conversation: RoutedConversation,
  rule: {
    name: string;
    then: { assignment: 'round_robin' | 'least_loaded' | 'none'; agentIds?: number[]; teamId?: number };
    turn: TurnMode;
  },
  warnings: string[],
): Promise<NonNullable<RoutingPlan['assignment']>> {
  const { then } = rule;
  const strategy = then.assignment === 'least_loaded' ? 'least_loaded' : 'round_robin';
  const assignment: NonNullable<RoutingPlan['assignment']> = { strategy, candidates: [] };
  try {
    const pool = await loadAgentCandidates(context.chatwoot, {
      ...(then.agentIds ? { agentIds: then.agentIds } : {}),
      ...(then.teamId !== undefined ? { teamId: then.teamId } : {}),
    });
    assignment.source = pool.source;
    assignment.candidates = pool.candidates.map((candidate) => ({
      ...candidate,
      online: isOnline(candidate),
    }));
    const online = assignment.candidates
      .filter((candidate) => candidate.online)
      .map((candidate) => candidate.id);
    if (online.length === 0) {
      assignment.unassigned =
        pool.candidates.length === 0 ? `no ${pool.source} to pick from` : 'no candidate agent is online';
      return assignment;
    }
    const turn = await roundRobinTurn(
      deps.store,
      { installationId: context.record.id, ruleName: rule.name },
      rule.turn,
      conversation.id,
    );
    if (strategy === 'least_loaded') {
      const { counts, complete } = await countOpenConversations(context.chatwoot);
      assignment.loadComplete = complete;
      if (!complete)
        warnings.push('More open conversations than routing reads: loads count the most recent ones only.');
      for (const candidate of assignment.candidates)
        candidate.openConversations = counts.get(candidate.id) ?? 0;
      assignment.agentId = pickLeastLoaded(online, counts, turn);
    } else {
      assignment.agentId = pickRoundRobin(online, turn);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger?.warn(
      { err: error, installationId: context.record.id },
      'could not read agents for routing; conversation left unassigned',
    );
    assignment.unassigned = `could not read agents from Chatwoot (${message})`;
    warnings.push(assignment.unassigned);
  }
  return assignment;
}
