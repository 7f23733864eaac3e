/**
 * The agent whose turn it is: candidates in id order, with `turn` counting
 * through them and wrapping around (turn 1 is the lowest id). Callers holding
 * different turns, such as consecutive tickets from a shared counter, get
 * different agents as long as the candidates stay the same.
 */
export function pickRoundRobin(candidateIds: readonly number[], turn: number): number | undefined {
  const ids = [...new Set(candidateIds)].sort((a, b) => a - b);
  if (ids.length === 0) return undefined;
  return ids[(((turn - 1) % ids.length) + ids.length) % ids.length];
}

/**
 * The agent with the fewest open conversations; ties go round-robin by
 * `turn` (see {@link pickRoundRobin}), so equal load still rotates.
 */
export function pickLeastLoaded(
  candidateIds: readonly number[],
  openConversations: ReadonlyMap<number, number>,
  turn: number,
): number | undefined {
  if (candidateIds.length === 0) return undefined;
  const load = (id: number) => openConversations.get(id) ?? 0;
  const fewest = Math.min(...candidateIds.map(load));
  return pickRoundRobin(
    candidateIds.filter((id) => load(id) === fewest),
    turn,
  );
}
