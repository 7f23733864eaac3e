/**
 * Keeps the `k` best (index, score) pairs seen so far in a bounded min-heap,
 * so picking the top k of n scores costs O(n log k) instead of a full sort.
 * Ties go to the lower index, which makes results deterministic.
 */
export class TopK {
  private readonly indexes: Int32Array;
  private readonly scores: Float64Array;
  private count = 0;

  constructor(private readonly k: number) {
    this.indexes = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  /** The score a newcomer must beat once the heap is full (`-Infinity` before). */
  get threshold(): number {
    return this.count < this.k ? -Infinity : (this.scores[0] as number);
  }

  /** Offers one candidate; callers scanning in index order may skip any score below {@link threshold}. */
  offer(index: number, score: number): void {
    if (this.k <= 0) return;
    if (this.count < this.k) {
      this.indexes[this.count] = index;
      this.scores[this.count] = score;
      this.siftUp(this.count++);
      return;
    }
    if (!this.beats(score, index, this.scores[0] as number, this.indexes[0] as number)) return;
    this.indexes[0] = index;
    this.scores[0] = score;
    this.siftDown(0);
  }

  /** The kept pairs, best first. */
  sorted(): Array<{ index: number; score: number }> {
    const out: Array<{ index: number; score: number }> = [];
    for (let i = 0; i < this.count; i++)
      out.push({ index: this.indexes[i] as number, score: this.scores[i] as number });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** True when (scoreA, indexA) ranks above (scoreB, indexB). */
  private beats(scoreA: number, indexA: number, scoreB: number, indexB: number): boolean {
    return scoreA > scoreB || (scoreA === scoreB && indexA < indexB);
  }

  private worse(i: number, j: number): boolean {
    return this.beats(
      this.scores[j] as number,
      this.indexes[j] as number,
      this.scores[i] as number,
      this.indexes[i] as number,
    );
  }

  private swap(i: number, j: number): void {
    const index = this.indexes[i] as number;
    const score = this.scores[i] as number;
    this.indexes[i] = this.indexes[j] as number;
    this.scores[i] = this.scores[j] as number;
    this.indexes[j] = index;
    this.scores[j] = score;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.count && this.worse(left, smallest)) smallest = left;
      if (right < this.count && this.worse(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
