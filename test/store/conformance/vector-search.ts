import assert from 'node:assert/strict';
import type { KbChunkRecord, Store } from '../../../plugin/store/store.ts';
import { bruteForceSearch, randomVector, seededRandom } from '../brute-force-search.ts';
import { type ConformanceContext, uid, chunk, addDocument } from './fixtures.ts';

/** Conformance checks for vector search. */
export function describeVectorSearchConformance(context: ConformanceContext): void {
  describe('vector search', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    const dims = 32;
    let chunks: KbChunkRecord[];

    beforeEach(async function () {
      const random = seededRandom(42);
      chunks = [];
      const layout = [
        { doc: 'doc-inbox-1', inboxId: 1 as number | undefined, count: 60 },
        { doc: 'doc-inbox-2', inboxId: 2, count: 60 },
        { doc: 'doc-global', inboxId: undefined, count: 80 },
      ];
      const languages = ['en', 'de', undefined];
      for (const { doc, inboxId, count } of layout) {
        await addDocument(store, a, doc, inboxId);
        const docChunks = Array.from({ length: count }, (_, i) =>
          chunk(a, doc, i, randomVector(random, dims), { inboxId, language: languages[i % 3] }),
        );
        await store.knowledge.replaceChunks(a, doc, docChunks);
        chunks.push(...docChunks);
      }
      // Same installation, other embedder (same and other dims); other installation, same embedder.
      await addDocument(store, a, 'doc-other-embedder');
      await store.knowledge.replaceChunks(a, 'doc-other-embedder', [
        ...Array.from({ length: 20 }, (_, i) =>
          chunk(a, 'doc-other-embedder', i, randomVector(random, dims), {
            embedderId: 'gemini-embedding-001',
          }),
        ),
        chunk(a, 'doc-other-embedder', 99, randomVector(random, 16)),
      ]);
      await addDocument(store, b, 'doc-b');
      await store.knowledge.replaceChunks(
        b,
        'doc-b',
        Array.from({ length: 20 }, (_, i) => chunk(b, 'doc-b', i, randomVector(random, dims))),
      );
    });

    function assertMatchesReference(
      hits: Awaited<ReturnType<Store['knowledge']['vectorSearch']>>,
      expected: Array<{ id: string; score: number }>,
    ): void {
      assert.deepEqual(
        hits.map((hit) => hit.chunk.id),
        expected.map((hit) => hit.id),
      );
      hits.forEach((hit, i) => {
        assert.ok(
          Math.abs(hit.score - (expected[i]?.score ?? NaN)) < 1e-5,
          `score ${i}: ${hit.score} vs ${expected[i]?.score}`,
        );
      });
    }

    it('returns the exact top k by cosine, best first, with full chunk records', async function () {
      const random = seededRandom(99);
      for (let q = 0; q < 5; q++) {
        const query = {
          installationId: a,
          embedderId: 'hash-tfidf-32',
          vector: randomVector(random, dims),
          topK: 7,
        };
        const hits = await store.knowledge.vectorSearch(query);
        assertMatchesReference(hits, bruteForceSearch(chunks, query));
        for (const hit of hits) {
          const original = chunks.find((c) => c.id === hit.chunk.id);
          assert.deepEqual(hit.chunk, original);
        }
      }
      const exact = chunks[17] as KbChunkRecord;
      const [self] = await store.knowledge.vectorSearch({
        installationId: a,
        embedderId: 'hash-tfidf-32',
        vector: exact.vector.map((x) => x * 3),
        topK: 1,
      });
      assert.equal(self?.chunk.id, exact.id);
      assert.ok(Math.abs((self?.score ?? 0) - 1) < 1e-5, 'cosine ignores magnitude');
    });

    it('filters by inbox (unscoped chunks stay eligible) and by language', async function () {
      const random = seededRandom(5);
      const vector = randomVector(random, dims);
      const base = { installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 200 };

      const inbox1 = await store.knowledge.vectorSearch({ ...base, inboxId: 1 });
      assertMatchesReference(inbox1, bruteForceSearch(chunks, { ...base, inboxId: 1 }));
      assert.equal(inbox1.length, 140);
      assert.ok(inbox1.every((hit) => hit.chunk.inboxId === 1 || hit.chunk.inboxId === undefined));

      const german = await store.knowledge.vectorSearch({ ...base, language: 'de' });
      assertMatchesReference(german, bruteForceSearch(chunks, { ...base, language: 'de' }));
      assert.ok(german.length > 0 && german.every((hit) => hit.chunk.language === 'de'));

      const both = await store.knowledge.vectorSearch({ ...base, inboxId: 2, language: 'en', topK: 5 });
      assertMatchesReference(
        both,
        bruteForceSearch(chunks, { ...base, inboxId: 2, language: 'en', topK: 5 }),
      );
      assert.deepEqual(await store.knowledge.vectorSearch({ ...base, language: 'fr' }), []);
      assert.deepEqual(await store.knowledge.vectorSearch({ ...base, inboxId: 1, topK: 0 }), []);
    });

    it('keeps embedders, dimensions and installations apart', async function () {
      const random = seededRandom(6);
      const vector = randomVector(random, dims);
      const gemini = await store.knowledge.vectorSearch({
        installationId: a,
        embedderId: 'gemini-embedding-001',
        vector,
        topK: 50,
      });
      assert.equal(gemini.length, 20);
      assert.ok(gemini.every((hit) => hit.chunk.embedderId === 'gemini-embedding-001'));

      const short = await store.knowledge.vectorSearch({
        installationId: a,
        embedderId: 'hash-tfidf-32',
        vector: randomVector(random, 16),
        topK: 50,
      });
      assert.deepEqual(
        short.map((hit) => hit.chunk.id),
        ['doc-other-embedder#99'],
        'only same-length vectors compare',
      );

      const tenantB = await store.knowledge.vectorSearch({
        installationId: b,
        embedderId: 'hash-tfidf-32',
        vector,
        topK: 500,
      });
      assert.equal(tenantB.length, 20);
      assert.ok(tenantB.every((hit) => hit.chunk.installationId === b));
      assert.deepEqual(
        await store.knowledge.vectorSearch({
          installationId: uid('nobody'),
          embedderId: 'hash-tfidf-32',
          vector,
          topK: 5,
        }),
        [],
      );
    });

    it('sees chunk changes right away (replace and delete)', async function () {
      const random = seededRandom(11);
      const vector = randomVector(random, dims);
      const query = { installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 3 };
      await store.knowledge.vectorSearch(query);

      await store.knowledge.replaceChunks(a, 'doc-global', [chunk(a, 'doc-global', 500, vector)]);
      const [best] = await store.knowledge.vectorSearch(query);
      assert.equal(best?.chunk.id, 'doc-global#500');
      assert.ok(Math.abs((best?.score ?? 0) - 1) < 1e-5);

      await store.knowledge.deleteDocument(a, 'doc-global');
      const remaining = chunks.filter((c) => c.documentId !== 'doc-global');
      assertMatchesReference(await store.knowledge.vectorSearch(query), bruteForceSearch(remaining, query));
    });
  });
}
