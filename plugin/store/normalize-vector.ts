/**
 * Returns `vector` scaled to unit length, so a dot product of two normalised
 * vectors is their cosine similarity. A zero vector stays zero (it is similar
 * to nothing rather than NaN to everything).
 */
export function normalizeVector(vector: ArrayLike<number>): Float64Array {
  const norm = vectorNorm(vector);
  const out = new Float64Array(vector.length);
  if (norm === 0) return out;
  for (let i = 0; i < vector.length; i++) out[i] = (vector[i] as number) / norm;
  return out;
}

/** Euclidean (L2) length of a vector, summed in double precision. */
export function vectorNorm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i] as number;
    sum += v * v;
  }
  return Math.sqrt(sum);
}
