import assert from 'node:assert/strict';
import { fuseReciprocalRank } from '../../rag/retrieve/fuse-reciprocal-rank.ts';

describe('fuseReciprocalRank', () => {
  it('sums weight / (k + rank) over the lists, with 1-based ranks', () => {
    const fused = fuseReciprocalRank(
      [
        { ids: ['a', 'b', 'c'], weight: 1 },
        { ids: ['c', 'a'], weight: 2 },
      ],
      10,
    );
    const score = Object.fromEntries(fused.map((e) => [e.id, e.score]));
    assert.ok(Math.abs(score.a! - (1 / 11 + 2 / 12)) < 1e-12);
    assert.ok(Math.abs(score.b! - 1 / 12) < 1e-12);
    assert.ok(Math.abs(score.c! - (1 / 13 + 2 / 11)) < 1e-12);
    assert.deepEqual(
      fused.map((e) => e.id),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(fused.find((e) => e.id === 'b')!.ranks, [2, undefined]);
    assert.deepEqual(fused.find((e) => e.id === 'c')!.ranks, [3, 1]);
  });

  it('a small k rewards one top rank, a large k rewards agreement between lists', () => {
    const lists = [
      { ids: ['x', 'p', 'w'], weight: 1 },
      { ids: ['q', 'r', 'w'], weight: 1 },
    ];
    // k = 0.5: x = 1/1.5 = 0.667 beats w = 2/3.5 = 0.571. k = 60: w = 2/63 beats x = 1/61.
    const sharp = fuseReciprocalRank(lists, 0.5);
    const flat = fuseReciprocalRank(lists, 60);
    assert.equal(sharp[0]!.id, 'x');
    assert.equal(flat[0]!.id, 'w');
  });

  it('handles empty input', () => {
    assert.deepEqual(fuseReciprocalRank([], 60), []);
    assert.deepEqual(fuseReciprocalRank([{ ids: [], weight: 1 }], 60), []);
  });
});
