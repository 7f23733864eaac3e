/** Retrieval quality of one ranked list against binary relevance. */
export interface RankingScores {
  ndcg10: number;
  recall10: number;
  mrr: number;
}

/**
 * nDCG@10 (binary gains, log2 discount), recall@10 (hits / all relevant, not
 * capped at 10) and reciprocal rank of the first relevant id in the list.
 */
export function scoreRanking(ranked: readonly string[], relevant: ReadonlySet<string>): RankingScores {
  let dcg = 0;
  let hits = 0;
  let mrr = 0;
  ranked.forEach((id, i) => {
    if (!relevant.has(id)) return;
    if (i < 10) {
      dcg += 1 / Math.log2(i + 2);
      hits++;
    }
    if (!mrr) mrr = 1 / (i + 1);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { ndcg10: ideal ? dcg / ideal : 0, recall10: relevant.size ? hits / relevant.size : 0, mrr };
}

/** Mean of each score over many queries. */
export function meanScores(all: readonly RankingScores[]): RankingScores {
  const n = all.length || 1;
  const sum = (key: keyof RankingScores): number => all.reduce((acc, s) => acc + s[key], 0) / n;
  return { ndcg10: sum('ndcg10'), recall10: sum('recall10'), mrr: sum('mrr') };
}

/** The value at quantile `q` (0–1) of a list of numbers (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
