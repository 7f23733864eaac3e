import type { InstallationContext } from '../install/installation-directory.ts';
import type { RoutingRule } from '../install/installation-settings.ts';

/** Problems with the Chatwoot objects rules refer to; `checked` is false when Chatwoot could not be asked. */
export interface ReferenceCheck {
  checked: boolean;
  problems: string[];
  /** The account's teams and agents, for hints in forms. */
  teams: Array<{ id: number; name: string }>;
  agents: Array<{ id: number; name: string }>;
  error?: string;
}

/**
 * Checks rules against the Chatwoot account: every team and agent id must
 * exist, rule names must be unique (round-robin keeps its place per name).
 */
export async function checkRoutingReferences(
  context: InstallationContext,
  rules: readonly RoutingRule[],
): Promise<ReferenceCheck> {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule, index) => {
    const first = seen.get(rule.name);
    if (first !== undefined)
      problems.push(`Rule ${index + 1}: the name "${rule.name}" is already used by rule ${first + 1}.`);
    else seen.set(rule.name, index);
  });
  let teams: ReferenceCheck['teams'] = [];
  let agents: ReferenceCheck['agents'] = [];
  try {
    [teams, agents] = await Promise.all([
      context.chatwoot.listTeams().then((list) => list.map((team) => ({ id: team.id, name: team.name }))),
      context.chatwoot.listAgents().then((list) => list.map((agent) => ({ id: agent.id, name: agent.name }))),
    ]);
  } catch (error) {
    return {
      checked: false,
      problems,
      teams,
      agents,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  const teamIds = new Set(teams.map((team) => team.id));
  const agentIds = new Set(agents.map((agent) => agent.id));
  rules.forEach((rule, index) => {
    const teamId = rule.then.teamId;
    if (teamId !== undefined && !teamIds.has(teamId)) {
      problems.push(
        `Rule ${index + 1} ("${rule.name}"): team ${teamId} does not exist in this Chatwoot account.`,
      );
    }
    const unknown = (rule.then.agentIds ?? []).filter((id) => !agentIds.has(id));
    if (unknown.length)
      problems.push(
        `Rule ${index + 1} ("${rule.name}"): no agent with id ${unknown.join(', ')} in this Chatwoot account.`,
      );
    if (rule.then.agentIds?.length && rule.then.assignment === 'none') {
      problems.push(
        `Rule ${index + 1} ("${rule.name}"): agentIds are listed but assignment is "none"; choose round_robin or least_loaded.`,
      );
    }
  });
  return { checked: true, problems, teams, agents };
}
