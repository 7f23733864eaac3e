import assert from 'node:assert/strict';
import { Bm25Index } from '../../rag/retrieve/bm25-index.ts';

describe('Bm25Index', () => {
  // Toy corpus: lengths 3, 2, 4 → average 3.
  const docs = [
    ['cat', 'sat', 'mat'],
    ['dog', 'sat'],
    ['cat', 'cat', 'dog', 'run'],
  ];
  const index = new Bm25Index(docs, { k1: 1.2, b: 0.75 });

  it('uses Lucene idf ln(1 + (N - df + 0.5) / (df + 0.5))', () => {
    assert.ok(Math.abs(index.idf('cat') - Math.log(1 + 1.5 / 2.5)) < 1e-12);
    assert.ok(Math.abs(index.idf('run') - Math.log(1 + 2.5 / 1.5)) < 1e-12);
    assert.ok(Math.abs(index.idf('zebra') - Math.log(1 + 3.5 / 0.5)) < 1e-12);
  });

  it('matches hand-computed scores', () => {
    // idf(cat) = ln 1.6 = 0.470004; idf(dog) = 0.470004; idf(sat) = 0.470004.
    // doc 2, "cat": tf 2, len 4: 2·2.2 / (2 + 1.2·(0.25 + 0.75·4/3)) = 4.4 / 3.5 = 1.257143 → 0.590862
    //        "dog": tf 1: 2.2 / (1 + 1.5) = 0.88 → 0.413603          total 1.004465
    // doc 1, "dog": tf 1, len 2: 2.2 / (1 + 1.2·(0.25 + 0.5)) = 2.2 / 1.9 = 1.157895 → 0.544215
    // doc 0, "cat": tf 1, len 3: 2.2 / (1 + 1.2) = 1 → 0.470004
    const hits = index.search(['cat', 'dog'], 10);
    assert.deepEqual(
      hits.map((h) => h.doc),
      [2, 1, 0],
    );
    const expected = [1.004465, 0.544215, 0.470004];
    hits.forEach((hit, i) =>
      assert.ok(Math.abs(hit.score - expected[i]!) < 1e-5, `doc ${hit.doc}: ${hit.score}`),
    );
  });

  it('ignores repeated query terms, unknown terms, and honours topK and filters', () => {
    assert.deepEqual(index.search(['cat', 'cat', 'zebra'], 10), index.search(['cat'], 10));
    assert.equal(index.search(['cat', 'dog'], 1).length, 1);
    assert.deepEqual(
      index.search(['cat', 'dog'], 10, (doc) => doc !== 2).map((h) => h.doc),
      [1, 0],
    );
    assert.deepEqual(index.search(['zebra'], 10), []);
  });

  it('with b = 0 ignores document length', () => {
    const flat = new Bm25Index([['a', 'x', 'y', 'z'], ['a']], { k1: 1.2, b: 0 });
    const [first, second] = flat.search(['a'], 2);
    assert.equal(first!.score, second!.score);
  });
});
