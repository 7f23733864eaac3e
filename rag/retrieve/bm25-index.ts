import { selectTopK } from './select-top-k.ts';

/** BM25 saturation (`k1`) and length normalisation (`b`). */
export interface Bm25Params {
  k1: number;
  b: number;
}

/** The values chosen on the benchmark's dev split (see rag/README.md). */
export const DEFAULT_BM25_PARAMS: Bm25Params = { k1: 1.5, b: 0.75 };

/** One scored document: its position in the array the index was built from. */
export interface Bm25Hit {
  doc: number;
  score: number;
}

interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

/**
 * An in-memory BM25 index over pre-analysed documents (arrays of terms).
 *
 * Scoring is Okapi BM25 with Lucene's non-negative idf,
 * `ln(1 + (N - df + 0.5) / (df + 0.5))`, summed over the distinct query terms.
 */
export class Bm25Index {
  readonly size: number;
  readonly params: Bm25Params;
  readonly averageLength: number;
  private readonly postings = new Map<string, Postings>();
  /** Per document: k1 · (1 − b + b · length / average), precomputed. */
  private readonly norms: Float64Array;
  private readonly scores: Float64Array;
  /** Marks documents scored by the current query (compared with `generation`). */
  private readonly seen: Uint32Array;
  private generation = 0;

  constructor(documents: ReadonlyArray<readonly string[]>, params: Bm25Params = DEFAULT_BM25_PARAMS) {
    this.size = documents.length;
    this.params = params;
    this.scores = new Float64Array(documents.length);
    this.seen = new Uint32Array(documents.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    documents.forEach((terms, doc) => {
      total += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = building.get(term);
        if (!list) building.set(term, (list = { docs: [], tfs: [] }));
        list.docs.push(doc);
        list.tfs.push(tf);
      }
    });
    for (const [term, list] of building) {
      this.postings.set(term, { docs: Int32Array.from(list.docs), tfs: Float32Array.from(list.tfs) });
    }
    this.averageLength = documents.length ? total / documents.length : 0;
    const { k1, b } = params;
    const average = this.averageLength || 1;
    this.norms = Float64Array.from(documents, (terms) => k1 * (1 - b + (b * terms.length) / average));
  }

  /** Inverse document frequency of a term (0 for an empty index). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /**
   * The `topK` best documents for the query terms, best first. Documents that
   * match no term are never returned; `accept` filters documents out before ranking.
   */
  search(queryTerms: readonly string[], topK: number, accept?: (doc: number) => boolean): Bm25Hit[] {
    const k1 = this.params.k1;
    const { scores, seen, norms } = this;
    const generation = (this.generation = (this.generation + 1) >>> 0 || 1);
    if (generation === 1) seen.fill(0);
    const candidates: number[] = [];
    for (const term of new Set(queryTerms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      const { docs, tfs } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (seen[doc] !== generation) {
          if (accept && !accept(doc)) continue;
          seen[doc] = generation;
          scores[doc] = 0;
          candidates.push(doc);
        }
        const tf = tfs[i]!;
        scores[doc] = scores[doc]! + (idf * tf * (k1 + 1)) / (tf + norms[doc]!);
      }
    }
    return selectTopK(scores, candidates, topK).map(({ index, score }) => ({ doc: index, score }));
  }
}
