import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import {
  createDotProductKernel,
  DOT_PRODUCTS_WASM_BASE64,
  strideFor,
} from '../../plugin/store/sqlite/dot-product-kernel.ts';
import { randomVector, seededRandom } from './brute-force-search.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('dot-product kernel', function () {
  it('embeds exactly the bytes dot-products.wat compiles to', async function () {
    const wabt = await wabtInit();
    const source = fs.readFileSync(path.join(repoRoot, 'plugin/store/sqlite/dot-products.wat'), 'utf8');
    const module = wabt.parseWat('dot-products.wat', source, { simd: true });
    module.validate();
    const { buffer } = module.toBinary({});
    module.destroy();
    assert.equal(Buffer.from(buffer).toString('base64'), DOT_PRODUCTS_WASM_BASE64);
  });

  it('pads rows to a multiple of 8 lanes', function () {
    assert.equal(strideFor(1), 8);
    assert.equal(strideFor(8), 8);
    assert.equal(strideFor(100), 104);
    assert.equal(strideFor(256), 256);
  });

  for (const dims of [3, 8, 100, 256]) {
    it(`computes the same dot products with WebAssembly SIMD and JavaScript (${dims} dims)`, function () {
      const rows = 257;
      const wasm = createDotProductKernel(rows, dims);
      const js = createDotProductKernel(rows, dims, 'javascript');
      assert.equal(wasm.engine, 'wasm-simd');
      assert.equal(js.engine, 'javascript');
      const random = seededRandom(dims);
      const vectors = Array.from({ length: rows }, () => randomVector(random, dims));
      const query = randomVector(random, dims);
      for (const kernel of [wasm, js]) {
        vectors.forEach((vector, row) => kernel.matrix.set(vector, row * kernel.stride));
        kernel.query.set(query);
        kernel.score();
      }
      vectors.forEach((vector, row) => {
        let expected = 0;
        for (let i = 0; i < dims; i++) expected += (vector[i] as number) * (query[i] as number);
        assert.ok(Math.abs((wasm.scores[row] as number) - expected) < 1e-4, `wasm row ${row}`);
        assert.ok(Math.abs((js.scores[row] as number) - expected) < 1e-4, `js row ${row}`);
      });
    });
  }

  it('handles an empty matrix', function () {
    const kernel = createDotProductKernel(0, 16);
    kernel.score();
    assert.equal(kernel.scores.length, 0);
  });
});
