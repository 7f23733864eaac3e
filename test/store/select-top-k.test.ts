import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TopK } from '../../plugin/store/sqlite/select-top-k.ts';

describe('TopK', function () {
  it('keeps the same k items as a full sort (ties to the lower index)', function () {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 30 }),
        (values, k) => {
          const top = new TopK(k);
          values.forEach((value, index) => top.offer(index, value / 10));
          const expected = values
            .map((value, index) => ({ index, score: value / 10 }))
            .sort((a, b) => b.score - a.score || a.index - b.index)
            .slice(0, k);
          assert.deepEqual(top.sorted(), expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports the score to beat once full', function () {
    const top = new TopK(2);
    assert.equal(top.threshold, -Infinity);
    top.offer(0, 0.5);
    assert.equal(top.threshold, -Infinity);
    top.offer(1, 0.9);
    assert.equal(top.threshold, 0.5);
    top.offer(2, 0.7);
    assert.equal(top.threshold, 0.7);
  });
});
