import assert from 'node:assert/strict';
import { aggregate } from 'mingo';
import {
  buildAtlasSearchPipeline,
  buildExactSearchPipeline,
} from '../../plugin/store/mongo/build-vector-pipelines.ts';
import { chunkFromDoc, chunkToDoc } from '../../plugin/store/mongo/chunk-document.ts';
import { ATLAS_VECTOR_INDEX_NAME } from '../../plugin/store/mongo/atlas-vector-index.ts';
import { NO_INBOX, type KbChunkDoc } from '../../plugin/store/mongo/models.ts';
import type { KbChunkRecord, VectorQuery } from '../../plugin/store/store.ts';
import { bruteForceSearch, randomVector, seededRandom } from './brute-force-search.ts';

/**
 * The MongoDB adapter's exact-search fallback is an aggregation pipeline.
 * With no MongoDB server here, mingo (an independent implementation of the
 * aggregation language) evaluates it over stored-shape documents and the
 * result is compared with a brute-force reference.
 */
describe('MongoDB vector pipelines', function () {
  const random = seededRandom(1234);
  const chunks: KbChunkRecord[] = [];
  const languages = ['en', 'de', undefined];
  const inboxes = [undefined, 1, 2];
  for (let i = 0; i < 240; i++) {
    const chunk: KbChunkRecord = {
      id: `c${i}`,
      documentId: `d${i % 4}`,
      installationId: i % 8 === 7 ? 'tenant-b' : 'tenant-a',
      ordinal: i,
      text: `chunk ${i}`,
      contentHash: `h${i}`,
      embedderId: i % 10 === 9 ? 'other-embedder' : 'hash-tfidf-16',
      vector: randomVector(random, i % 25 === 24 ? 8 : 16),
    };
    const inboxId = inboxes[i % 3];
    const language = languages[Math.floor(i / 3) % 3];
    if (inboxId !== undefined) chunk.inboxId = inboxId;
    if (language !== undefined) chunk.language = language;
    chunks.push(chunk);
  }
  // A zero vector must score 0, not break the division.
  chunks.push({
    id: 'zero',
    documentId: 'd0',
    installationId: 'tenant-a',
    ordinal: 999,
    text: 'zero',
    contentHash: 'zero',
    embedderId: 'hash-tfidf-16',
    vector: new Float32Array(16),
  });
  const docs = chunks.map((chunk, i) => ({ _id: i, ...chunkToDoc(chunk) }));

  function run(query: VectorQuery) {
    const result = aggregate(docs, buildExactSearchPipeline(query)) as unknown as Array<
      KbChunkDoc & { score: number }
    >;
    return result.map((doc) => ({ id: chunkFromDoc(doc).id, score: doc.score }));
  }

  it('stores chunks as number arrays with their norm and reads them back unchanged', function () {
    for (const chunk of chunks.slice(0, 12)) {
      const doc = chunkToDoc(chunk);
      assert.ok(Array.isArray(doc.vector));
      assert.equal(doc.dims, chunk.vector.length);
      assert.equal(doc.inboxId, chunk.inboxId ?? NO_INBOX);
      assert.deepEqual(chunkFromDoc(doc), chunk);
    }
  });

  it('ranks exactly like a brute-force cosine search, with filters', function () {
    const queries: Array<Partial<VectorQuery>> = [
      {},
      { inboxId: 1 },
      { inboxId: 2, language: 'de' },
      { language: 'en', topK: 50 },
      { installationId: 'tenant-b', topK: 100 },
      { embedderId: 'other-embedder', topK: 100 },
    ];
    for (const overrides of queries) {
      const query: VectorQuery = {
        installationId: 'tenant-a',
        embedderId: 'hash-tfidf-16',
        vector: randomVector(random, 16),
        topK: 10,
        ...overrides,
      };
      const actual = run(query);
      const expected = bruteForceSearch(chunks, query);
      assert.deepEqual(
        actual.map((hit) => hit.id),
        expected.map((hit) => hit.id),
        JSON.stringify(overrides),
      );
      actual.forEach((hit, i) => assert.ok(Math.abs(hit.score - (expected[i]?.score ?? NaN)) < 1e-9));
    }
  });

  it('compares only vectors of the query’s length and scores a zero vector 0', function () {
    const short = run({
      installationId: 'tenant-a',
      embedderId: 'hash-tfidf-16',
      vector: randomVector(random, 8),
      topK: 100,
    });
    assert.ok(short.length > 0);
    assert.ok(short.every((hit) => chunks.find((c) => c.id === hit.id)?.vector.length === 8));
    const all = run({
      installationId: 'tenant-a',
      embedderId: 'hash-tfidf-16',
      vector: randomVector(random, 16),
      topK: 1000,
    });
    assert.equal(all.find((hit) => hit.id === 'zero')?.score, 0);
  });

  it('builds a pre-filtered $vectorSearch whose score is the cosine', function () {
    const vector = randomVector(random, 16);
    const [search, score] = buildAtlasSearchPipeline({
      installationId: 'tenant-a',
      embedderId: 'hash-tfidf-16',
      vector,
      topK: 8,
      inboxId: 4,
      language: 'en',
    });
    assert.deepEqual(search, {
      $vectorSearch: {
        index: ATLAS_VECTOR_INDEX_NAME,
        path: 'vector',
        queryVector: Array.from(vector),
        numCandidates: 160,
        limit: 8,
        filter: {
          $and: [
            { installationId: { $eq: 'tenant-a' } },
            { embedderId: { $eq: 'hash-tfidf-16' } },
            { inboxId: { $in: [4, NO_INBOX] } },
            { language: { $eq: 'en' } },
          ],
        },
      },
    });
    assert.deepEqual(score, {
      $addFields: { score: { $subtract: [{ $multiply: [{ $meta: 'vectorSearchScore' }, 2] }, 1] } },
    });

    const [wide] = buildAtlasSearchPipeline({ installationId: 'a', embedderId: 'e', vector, topK: 20_000 });
    const stage = (
      wide as { $vectorSearch: { numCandidates: number; limit: number; filter: { $and: unknown[] } } }
    ).$vectorSearch;
    assert.equal(stage.numCandidates, 10_000);
    assert.equal(stage.limit, 10_000);
    assert.equal(stage.filter.$and.length, 2);
  });
});
