/**
 * Indices of the `k` highest scores among `candidates`, best first, with a
 * bounded min-heap: O(n log k) instead of sorting every candidate. Ties keep
 * the lower index first so results are deterministic.
 */
export function selectTopK(
  scores: ArrayLike<number>,
  candidates: Iterable<number>,
  k: number,
): Array<{ index: number; score: number }> {
  if (k <= 0) return [];
  const heapIdx: number[] = [];
  const heapScore: number[] = [];
  // "Worse" = lower score, or equal score with a higher index.
  const worse = (a: number, b: number): boolean =>
    heapScore[a]! < heapScore[b]! || (heapScore[a] === heapScore[b] && heapIdx[a]! > heapIdx[b]!);
  const swap = (a: number, b: number): void => {
    [heapIdx[a], heapIdx[b]] = [heapIdx[b]!, heapIdx[a]!];
    [heapScore[a], heapScore[b]] = [heapScore[b]!, heapScore[a]!];
  };
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heapIdx.length && worse(l, m)) m = l;
      if (r < heapIdx.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const index of candidates) {
    const score = scores[index]!;
    if (heapIdx.length < k) {
      heapIdx.push(index);
      heapScore.push(score);
      let i = heapIdx.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (score > heapScore[0]! || (score === heapScore[0] && index < heapIdx[0]!)) {
      heapIdx[0] = index;
      heapScore[0] = score;
      siftDown(0);
    }
  }
  return heapIdx
    .map((index, i) => ({ index, score: heapScore[i]! }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
}
