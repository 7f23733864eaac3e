/**
 * The next agent after `lastAgentId` in id order, wrapping around; without a
 * last agent, `fallbackSeed` (e.g. the conversation id) picks the start so
 * stateless callers still spread conversations.
 */
export function pickRoundRobin(
  candidateIds: readonly number[],
  options: { lastAgentId?: number; fallbackSeed?: number } = {},
): number | undefined {
  const ids = [...new Set(candidateIds)].sort((a, b) => a - b);
  if (ids.length === 0) return undefined;
  if (options.lastAgentId === undefined) return ids[Math.abs(options.fallbackSeed ?? 0) % ids.length];
  const last = options.lastAgentId;
  return ids.find((id) => id > last) ?? ids[0];
}

/**
 * The agent with the fewest open conversations; ties go round-robin (the
 * first tied agent after `lastAgentId`), so equal load still rotates.
 */
export function pickLeastLoaded(
  candidateIds: readonly number[],
  openConversations: ReadonlyMap<number, number>,
  options: { lastAgentId?: number; fallbackSeed?: number } = {},
): number | undefined {
  if (candidateIds.length === 0) return undefined;
  const load = (id: number) => openConversations.get(id) ?? 0;
  const fewest = Math.min(...candidateIds.map(load));
  return pickRoundRobin(
    candidateIds.filter((id) => load(id) === fewest),
    options,
  );
}
