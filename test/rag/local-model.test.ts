import assert from 'node:assert/strict';
import { decomposeSymmetric } from '../../rag/embed/decompose-symmetric.ts';
import { DEFAULT_LOCAL_MODEL_CONFIG, fitLocalModel, LocalModel } from '../../rag/embed/local-model.ts';
import { randomizedSvd, type SparseRows } from '../../rag/embed/randomized-svd.ts';
import { hashFeature } from '../../rag/text/hash-feature.ts';
import { analyzeTerms } from '../../rag/text/analyze-terms.ts';

function dense(rows: number[][]): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    row.forEach((v, c) => {
      if (v) {
        indices.push(c);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return {
    rows: rows.length,
    cols: rows[0]!.length,
    indptr: Uint32Array.from(indptr),
    indices: Uint32Array.from(indices),
    values: Float32Array.from(values),
  };
}

describe('local model maths', () => {
  it('Jacobi decomposition recovers eigenvalues of a symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1 with eigenvectors (1,1)/√2 and (1,-1)/√2.
    const { values, vectors } = decomposeSymmetric(Float64Array.from([2, 1, 1, 2]), 2);
    assert.ok(Math.abs(values[0]! - 3) < 1e-10 && Math.abs(values[1]! - 1) < 1e-10);
    assert.ok(Math.abs(Math.abs(vectors[0]!) - Math.SQRT1_2) < 1e-10);
    assert.ok(
      Math.abs(vectors[0]! * vectors[2]! + vectors[1]! * vectors[3]!) < 1e-10,
      'columns are orthogonal',
    );
  });

  it('randomized SVD finds the singular values and right vectors of a low-rank matrix', () => {
    // Rows are combinations of two orthogonal patterns with weights 3 and 1 → singular values 3·√2... computed below.
    const a = [1, 1, 0, 0, 0, 0];
    const b = [0, 0, 0, 1, 1, 0];
    const rows = [a.map((v) => 3 * v), b.map((v) => v), a.map((v) => 3 * v), b.map((v) => v)];
    const svd = randomizedSvd(dense(rows), 2, { seed: 1 });
    // AᵀA = 18·2·(a aᵀ) + 2·(b bᵀ); ‖a‖² = ‖b‖² = 2 → σ₁² = 36, σ₂² = 4.
    assert.ok(Math.abs(svd.singularValues[0]! - 6) < 1e-6, String(svd.singularValues[0]));
    assert.ok(Math.abs(svd.singularValues[1]! - 2) < 1e-6, String(svd.singularValues[1]));
    const first = Array.from({ length: 6 }, (_, c) => Math.abs(svd.components[c * 2]!));
    assert.ok(
      Math.abs(first[0]! - Math.SQRT1_2) < 1e-6 &&
        Math.abs(first[1]! - Math.SQRT1_2) < 1e-6 &&
        first[3]! < 1e-6,
    );
  });

  it('hashFeature is FNV-1a', () => {
    assert.equal(hashFeature(''), 0x811c9dc5);
    assert.equal(hashFeature('a'), 0xe40c292c);
  });

  it('analyzeTerms lowercases, drops stop words and stems', () => {
    assert.deepEqual(analyzeTerms('How do I delete my Facebook accounts?'), ['delet', 'facebook', 'account']);
  });

  it('a fitted model gives unit vectors whose cosine blends the TF-IDF and LSA parts', () => {
    const texts = [
      'reset password login email',
      'password login forgot email link',
      'invoice refund billing card',
      'billing invoice monthly card payment',
      'export csv download settings',
      'csv export data settings file',
    ];
    const config = {
      ...DEFAULT_LOCAL_MODEL_CONFIG,
      hashedDims: 128,
      lsaRank: 3,
      lsaWeight: 0.5,
      lsaMinDf: 1,
    };
    const state = fitLocalModel(texts, config, {
      version: 1,
      fittedAt: 't',
      fingerprint: 'f',
      contentHashes: [],
    });
    const model = new LocalModel(state);
    assert.equal(model.dims, 131);
    const v = model.vectorize('forgot password');
    const norm = (x: Float32Array): number => Math.sqrt(x.reduce((s, xi) => s + xi * xi, 0));
    assert.ok(Math.abs(norm(v) - 1) < 1e-5);
    // Each part is unit length scaled by √(share), so the dot product is the weighted sum of the two cosines.
    assert.ok(Math.abs(norm(v.subarray(0, 128)) - Math.SQRT1_2) < 1e-5);
    assert.ok(Math.abs(norm(v.subarray(128)) - Math.SQRT1_2) < 1e-5);
    const sim = (x: string, y: string): number => {
      const a = model.vectorize(x);
      const b = model.vectorize(y);
      return a.reduce((s, ai, i) => s + ai * b[i]!, 0);
    };
    // "link" shares no word with the first text but co-occurs with its words: the latent part relates them.
    assert.ok(sim('link', texts[0]!) > 0.2);
    assert.ok(sim('link', texts[0]!) > sim('link', texts[2]!) + 0.2);
  });
});
