import { hashFeature } from '../text/hash-feature.ts';
import { normalizeVector } from './embedder.ts';

/** The fitted part of a hashed TF-IDF model: document frequencies keyed by feature hash. */
export interface HashedTfidfState {
  dims: number;
  /** How many vector slots each feature is spread over (with hashed ±1 signs). */
  positions: number;
  docCount: number;
  /** Feature hashes (sorted) and their document frequencies, same length. */
  dfKeys: Uint32Array;
  dfValues: Uint32Array;
}

/** Counts document frequencies of feature hashes over a corpus. */
export function fitHashedTfidf(
  documents: Iterable<Map<string, number>>,
  dims: number,
  positions: number,
): HashedTfidfState {
  const df = new Map<number, number>();
  let docCount = 0;
  for (const features of documents) {
    docCount++;
    for (const feature of features.keys()) {
      const h = hashFeature(feature);
      df.set(h, (df.get(h) ?? 0) + 1);
    }
  }
  const dfKeys = Uint32Array.from(df.keys()).sort();
  const dfValues = Uint32Array.from(dfKeys, (key) => df.get(key)!);
  return { dims, positions, docCount, dfKeys, dfValues };
}

/** Murmur3's finaliser: turns one feature hash into independent slot/sign draws. */
function mix(hash: number, salt: number): number {
  let x = (hash ^ Math.imul(salt + 1, 0x9e3779b9)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Vectorises feature counts with a fitted state: weight `(1 + ln tf) · idf`,
 * idf `ln((1 + N) / (1 + df)) + 1`, spread into `dims` slots, L2-normalised.
 * Features never seen while fitting count as seen once (rare, so informative).
 */
export class HashedTfidf {
  private readonly df = new Map<number, number>();

  constructor(readonly state: HashedTfidfState) {
    state.dfKeys.forEach((key, i) => this.df.set(key, state.dfValues[i]!));
  }

  vectorize(features: Map<string, number>, target = new Float32Array(this.state.dims)): Float32Array {
    const { dims, positions, docCount } = this.state;
    for (const [feature, tf] of features) {
      const h = hashFeature(feature);
      const df = this.df.get(h) ?? 1;
      const weight = (1 + Math.log(tf)) * (Math.log((1 + docCount) / (1 + df)) + 1);
      for (let j = 0; j < positions; j++) {
        const x = mix(h, j);
        const slot = x % dims;
        target[slot] = target[slot]! + (x & 0x80000000 ? -weight : weight);
      }
    }
    return normalizeVector(target);
  }
}
