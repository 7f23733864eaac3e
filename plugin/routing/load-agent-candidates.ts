import type { ChatwootClient } from '../chatwoot/client.ts';
import { expectArray, expectOk } from '../chatwoot/expect-response.ts';
import type { ChatwootAgent } from '../chatwoot/types.ts';

/** An agent routing may assign, with Chatwoot's presence. */
export interface AgentCandidate {
  id: number;
  name: string;
  /** Chatwoot's `availability_status`: `online`, `busy` or `offline`. */
  availability: string;
}

/** Where the candidates came from. */
export type CandidateSource = 'rule agents' | 'team members' | 'all agents';

/**
 * Chatwoot computes `availability_status` from live presence: `online` only
 * while the agent has the dashboard open and chose "online". Its swagger.json
 * spells the value `available`; both mean the same.
 */
export function isOnline(candidate: Pick<AgentCandidate, 'availability'>): boolean {
  return candidate.availability === 'online' || candidate.availability === 'available';
}

async function listTeamMembers(chatwoot: ChatwootClient, teamId: number): Promise<ChatwootAgent[]> {
  const what = `GET team ${teamId} team_members`;
  return expectArray<ChatwootAgent>(
    what,
    await expectOk(
      what,
      chatwoot.api.GET('/api/v1/accounts/{account_id}/teams/{team_id}/team_members', {
        params: { path: { account_id: chatwoot.accountId, team_id: teamId } },
      }),
    ),
  );
}

/**
 * The agents a rule may assign, ordered by id: the rule's `agentIds`, else the
 * members of its team, else every agent of the account. Presence comes from
 * the agents list (one source for every candidate).
 */
export async function loadAgentCandidates(
  chatwoot: ChatwootClient,
  scope: { agentIds?: readonly number[]; teamId?: number },
): Promise<{ source: CandidateSource; candidates: AgentCandidate[] }> {
  const agents = await chatwoot.listAgents();
  let source: CandidateSource = 'all agents';
  let ids: Set<number> | undefined;
  if (scope.agentIds?.length) {
    source = 'rule agents';
    ids = new Set(scope.agentIds);
  } else if (scope.teamId !== undefined) {
    source = 'team members';
    ids = new Set((await listTeamMembers(chatwoot, scope.teamId)).map((member) => member.id));
  }
  const candidates = agents
    .filter((agent) => !ids || ids.has(agent.id))
    .map((agent) => ({
      id: agent.id,
      name: agent.name,
      availability: String(agent.availability_status ?? 'offline'),
    }))
    .sort((a, b) => a.id - b.id);
  return { source, candidates };
}
