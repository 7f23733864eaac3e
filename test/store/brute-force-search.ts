import type { KbChunkRecord, VectorQuery } from '../../plugin/store/store.ts';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so vector tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A vector with components uniform in [-1, 1). */
export function randomVector(random: () => number, dims: number): Float32Array {
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = random() * 2 - 1;
  return vector;
}

/** Cosine similarity in double precision. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The reference answer: score every eligible chunk, sort them all, keep k. */
export function bruteForceSearch(
  chunks: KbChunkRecord[],
  query: VectorQuery,
): Array<{ id: string; score: number }> {
  return chunks
    .filter(
      (chunk) =>
        chunk.installationId === query.installationId &&
        chunk.embedderId === query.embedderId &&
        chunk.vector.length === query.vector.length &&
        (query.inboxId === undefined || chunk.inboxId === undefined || chunk.inboxId === query.inboxId) &&
        (query.language === undefined || chunk.language === query.language),
    )
    .map((chunk) => ({ id: chunk.id, score: cosine(chunk.vector, query.vector) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, query.topK);
}
