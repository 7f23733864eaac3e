import { normalizeVector } from './embedder.ts';
import { randomizedSvd, type SparseRows } from './randomized-svd.ts';

/** Settings of latent semantic analysis over the knowledge base's own terms. */
export interface LsaOptions {
  /** Latent dimensions kept. */
  rank: number;
  /** Terms seen in fewer documents carry no co-occurrence signal and are left out. */
  minDf: number;
  /** Keeps the vocabulary (and the persisted projection) bounded on large knowledge bases. */
  maxVocabulary: number;
  /** Coordinates are scaled by σ^(power − 1): 1 = classic LSA document space, 0 = whitened. */
  sigmaPower: number;
  powerIterations: number;
  seed: number;
}

/** A fitted LSA projection: vocabulary, idf per term, term × rank components. */
export interface LsaState {
  vocabulary: string[];
  idf: Float32Array;
  rank: number;
  components: Float32Array;
  singularValues: Float64Array;
  sigmaPower: number;
}

function termWeights(terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
  for (const [term, count] of tf) tf.set(term, 1 + Math.log(count));
  return tf;
}

/**
 * Fits LSA: a TF-IDF term–document matrix (rows L2-normalised) reduced by a
 * randomized truncated SVD. Terms that co-occur across the knowledge base end
 * up close, which links paraphrases that share no word with a passage.
 */
export function fitLsa(documents: ReadonlyArray<readonly string[]>, options: LsaOptions): LsaState {
  const df = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = [...df.entries()]
    .filter(([, count]) => count >= options.minDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.maxVocabulary)
    .map(([term]) => term);
  const column = new Map(vocabulary.map((term, i) => [term, i]));
  const n = documents.length;
  const idf = Float32Array.from(vocabulary, (term) => Math.log((1 + n) / (1 + df.get(term)!)) + 1);

  const indptr = new Uint32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  documents.forEach((terms, row) => {
    const start = indices.length;
    let norm = 0;
    for (const [term, weight] of termWeights(terms)) {
      const c = column.get(term);
      if (c === undefined) continue;
      const w = weight * idf[c]!;
      indices.push(c);
      values.push(w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let e = start; e < values.length; e++) values[e] = values[e]! / norm;
    indptr[row + 1] = indices.length;
  });
  const matrix: SparseRows = {
    rows: n,
    cols: vocabulary.length,
    indptr,
    indices: Uint32Array.from(indices),
    values: Float32Array.from(values),
  };
  const svd = randomizedSvd(matrix, options.rank, {
    powerIterations: options.powerIterations,
    seed: options.seed,
  });
  return {
    vocabulary,
    idf,
    rank: svd.rank,
    components: svd.components,
    singularValues: svd.singularValues,
    sigmaPower: options.sigmaPower,
  };
}

/** Projects analysed terms into a fitted LSA space. */
export class LatentSemanticModel {
  private readonly column: Map<string, number>;
  private readonly scale: Float64Array;

  constructor(readonly state: LsaState) {
    this.column = new Map(state.vocabulary.map((term, i) => [term, i]));
    const top = state.singularValues[0] || 1;
    this.scale = Float64Array.from(state.singularValues, (s) =>
      s > 0 ? (s / top) ** (state.sigmaPower - 1) : 0,
    );
  }

  /** Unit-length latent vector (all zeros when no term is in the vocabulary). */
  project(terms: readonly string[], target = new Float32Array(this.state.rank)): Float32Array {
    const { rank, components, idf } = this.state;
    for (const [term, weight] of termWeights(terms)) {
      const c = this.column.get(term);
      if (c === undefined) continue;
      const w = weight * idf[c]!;
      for (let j = 0; j < rank; j++) target[j] = target[j]! + w * components[c * rank + j]!;
    }
    for (let j = 0; j < rank; j++) target[j] = target[j]! * this.scale[j]!;
    return normalizeVector(target);
  }
}
