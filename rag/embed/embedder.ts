/**
 * Turns text into vectors for the knowledge base's vector leg.
 *
 * `id` names the model, its dimensions and (for fitted models) the fitted
 * state's version. It is stored with every chunk vector, and vector search only
 * compares vectors with the same id, so two vector spaces are never mixed.
 */
export interface Embedder {
  readonly id: string;
  readonly dims: number;
  /** Vectors for passages to be stored, in input order. */
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  /** The vector for a search query (some models embed queries differently). */
  embedQuery(text: string): Promise<Float32Array>;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeVector(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! * inv;
  }
  return vector;
}
