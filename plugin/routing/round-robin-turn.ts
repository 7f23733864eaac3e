import type { Store } from '../store/store.ts';

/** Whether planning draws a rule's round-robin turn (routing for real) or only looks at the next one (dry run). */
export type TurnMode = 'take' | 'peek';

/**
 * The round-robin turn for a rule's next pick. `take` draws it from the
 * store's atomic counter for (installation, rule), so hand-offs routed at the
 * same time, in one process or several, each get their own turn; `peek` shows
 * the turn the next hand-off would draw and changes nothing. Without a store,
 * `fallback` (the conversation id) stands in, so stateless callers still spread.
 *
 * The counter lives in `<installationId>:routing`, the namespace family that
 * `purgeInstallation` removes.
 */
export async function roundRobinTurn(
  store: Pick<Store, 'kv'> | undefined,
  place: { installationId: string; ruleName: string },
  mode: TurnMode,
  fallback: number,
): Promise<number> {
  if (!store) return fallback;
  const namespace = `${place.installationId}:routing`;
  // A new key: before turns were counted, `round-robin:<rule>` held the last agent ({ agentId }).
  const key = `round-robin-turn:${place.ruleName}`;
  if (mode === 'take') return store.kv.increment(namespace, key);
  return ((await store.kv.get<number>(namespace, key)) ?? 0) + 1;
}
