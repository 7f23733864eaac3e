/** One ranked list to fuse, best first, and how much it counts. */
export interface RankedList {
  ids: readonly string[];
  weight: number;
}

/** A fused entry: the id, its fused score and its 1-based rank in each input list (undefined = absent). */
export interface FusedEntry {
  id: string;
  score: number;
  ranks: Array<number | undefined>;
}

/**
 * Weighted reciprocal rank fusion (Cormack, Clarke & Büttcher 2009):
 * `score(d) = Σ_lists weight / (k + rank(d))` with 1-based ranks; documents
 * missing from a list get nothing from it. Ties keep first-seen order.
 */
export function fuseReciprocalRank(lists: readonly RankedList[], k: number): FusedEntry[] {
  const entries = new Map<string, FusedEntry>();
  lists.forEach((list, li) => {
    list.ids.forEach((id, i) => {
      let entry = entries.get(id);
      if (!entry) entries.set(id, (entry = { id, score: 0, ranks: lists.map(() => undefined) }));
      entry.ranks[li] = i + 1;
      entry.score += list.weight / (k + i + 1);
    });
  });
  return [...entries.values()].sort((a, b) => b.score - a.score);
}
