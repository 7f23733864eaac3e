import { decomposeSymmetric } from './decompose-symmetric.ts';
import { gaussian, seededRandom } from './seeded-random.ts';

/** A sparse matrix in compressed-row form (one row per document, one column per term). */
export interface SparseRows {
  rows: number;
  cols: number;
  /** Row r's entries are `indices/values[indptr[r] .. indptr[r + 1])`. */
  indptr: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

export interface SvdOptions {
  /** Extra random directions beyond `rank` (improves accuracy). */
  oversample?: number;
  /** Power iterations (sharpen the spectrum; 2–4 suit text). */
  powerIterations?: number;
  seed?: number;
}

/** Top right singular vectors (`components`: cols × rank, row-major) and singular values, descending. */
export interface TruncatedSvd {
  rank: number;
  components: Float32Array;
  singularValues: Float64Array;
}

/**
 * One Cholesky-QR pass on a row-major (rows × l) matrix in place: G = MᵀM = RᵀR,
 * M ← M R⁻¹. Both steps stream over rows, which is far faster in plain
 * JavaScript than column-wise Gram–Schmidt. A tiny diagonal shift keeps
 * rank-deficient inputs factorable; a second pass restores orthogonality.
 */
function choleskyQrPass(m: Float64Array, rows: number, l: number): void {
  const g = new Float64Array(l * l);
  for (let r = 0; r < rows; r++) {
    const base = r * l;
    for (let i = 0; i < l; i++) {
      const mi = m[base + i]!;
      if (mi === 0) continue;
      const gi = i * l;
      for (let j = i; j < l; j++) g[gi + j] = g[gi + j]! + mi * m[base + j]!;
    }
  }
  let trace = 0;
  for (let i = 0; i < l; i++) trace += g[i * l + i]!;
  const shift = (trace / Math.max(1, l)) * 1e-12 + 1e-300;
  // Upper-triangular R with G = RᵀR.
  const rMat = new Float64Array(l * l);
  for (let i = 0; i < l; i++) {
    let d = g[i * l + i]! + shift;
    for (let k = 0; k < i; k++) d -= rMat[k * l + i]! ** 2;
    const rii = d > 0 ? Math.sqrt(d) : 0;
    rMat[i * l + i] = rii;
    for (let j = i + 1; j < l; j++) {
      let v = g[i * l + j]!;
      for (let k = 0; k < i; k++) v -= rMat[k * l + i]! * rMat[k * l + j]!;
      rMat[i * l + j] = rii > 0 ? v / rii : 0;
    }
  }
  // Each row x of M becomes the solution of y R = x (forward substitution). Rᵀ is laid out
  // row-major so the inner loop reads contiguous memory.
  const rt = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = i; j < l; j++) rt[j * l + i] = rMat[i * l + j]!;
  const y = new Float64Array(l);
  for (let r = 0; r < rows; r++) {
    const base = r * l;
    for (let j = 0; j < l; j++) {
      const row = j * l;
      let v = m[base + j]!;
      for (let k = 0; k < j; k++) v -= y[k]! * rt[row + k]!;
      const rjj = rt[row + j]!;
      y[j] = rjj > 0 ? v / rjj : 0;
    }
    m.set(y, base);
  }
}

/** Orthonormalises the l columns of a row-major (rows × l) matrix in place (CholeskyQR2). */
function orthonormalizeColumns(m: Float64Array, rows: number, l: number): void {
  choleskyQrPass(m, rows, l);
  choleskyQrPass(m, rows, l);
}

/** A · X, with X cols × l (row-major) → rows × l. */
function multiply(a: SparseRows, x: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.rows * l);
  for (let r = 0; r < a.rows; r++) {
    for (let e = a.indptr[r]!; e < a.indptr[r + 1]!; e++) {
      const c = a.indices[e]!;
      const v = a.values[e]!;
      for (let j = 0; j < l; j++) out[r * l + j] = out[r * l + j]! + v * x[c * l + j]!;
    }
  }
  return out;
}

/** Aᵀ · Y, with Y rows × l (row-major) → cols × l. */
function multiplyTransposed(a: SparseRows, y: Float64Array, l: number): Float64Array {
  const out = new Float64Array(a.cols * l);
  for (let r = 0; r < a.rows; r++) {
    for (let e = a.indptr[r]!; e < a.indptr[r + 1]!; e++) {
      const c = a.indices[e]!;
      const v = a.values[e]!;
      for (let j = 0; j < l; j++) out[c * l + j] = out[c * l + j]! + v * y[r * l + j]!;
    }
  }
  return out;
}

/**
 * Truncated SVD by randomized subspace iteration (Halko, Martinsson & Tropp
 * 2011, algorithm 4.4) run on the column (term) side: Z ← orth(Aᵀ A Z) from
 * Gaussian directions, then a Rayleigh–Ritz step on the small l × l matrix
 * (AZ)ᵀ(AZ). Only term-side (cols × l) matrices are orthonormalised, so the
 * cost grows with the number of chunks only through sparse products.
 */
export function randomizedSvd(a: SparseRows, rank: number, options: SvdOptions = {}): TruncatedSvd {
  const l = Math.max(1, Math.min(rank + (options.oversample ?? 10), a.rows, a.cols));
  const k = Math.min(rank, l);
  const normal = gaussian(seededRandom(options.seed ?? 42));
  let z: Float64Array = new Float64Array(a.cols * l);
  for (let i = 0; i < z.length; i++) z[i] = normal();
  for (let it = 0; it <= (options.powerIterations ?? 3); it++) {
    z = multiplyTransposed(a, multiply(a, z, l), l);
    orthonormalizeColumns(z, a.cols, l);
  }
  // Rayleigh–Ritz: C = A Z; CᵀC = W Λ Wᵀ; right singular vectors ≈ Z W, singular values √λ.
  const c = multiply(a, z, l);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < a.rows; r++) {
    const base = r * l;
    for (let i = 0; i < l; i++) {
      const ci = c[base + i]!;
      if (ci === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] = gram[i * l + j]! + ci * c[base + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = decomposeSymmetric(gram, l);
  const singularValues = new Float64Array(k);
  const components = new Float32Array(a.cols * k);
  for (let j = 0; j < k; j++) {
    singularValues[j] = Math.sqrt(Math.max(values[j]!, 0));
    for (let col = 0; col < a.cols; col++) {
      let sum = 0;
      for (let i = 0; i < l; i++) sum += z[col * l + i]! * vectors[i * l + j]!;
      components[col * k + j] = sum;
    }
  }
  return { rank: k, components, singularValues };
}
