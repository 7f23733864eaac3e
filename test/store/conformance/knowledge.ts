import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { randomVector, seededRandom } from '../brute-force-search.ts';
import { type ConformanceContext, rejectsWithCode, sleep, chunk, addDocument } from './fixtures.ts';

/** Conformance checks for knowledge documents and chunks. */
export function describeKnowledgeConformance(context: ConformanceContext): void {
  describe('knowledge documents and chunks', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('upserts documents by id and finds them by source', async function () {
      const first = await addDocument(store, a, 'doc-1', 3);
      assert.equal(first.inboxId, 3);
      assert.deepEqual(await store.knowledge.getDocument(a, 'doc-1'), first);
      assert.deepEqual(await store.knowledge.findDocumentBySource(a, first.source), first);

      await sleep(5);
      const updated = await store.knowledge.upsertDocument({
        id: 'doc-1',
        installationId: a,
        source: first.source,
        title: 'Renamed',
        contentHash: 'content-2',
        language: 'en',
        metadata: {},
      });
      assert.equal(updated.createdAt, first.createdAt);
      assert.notEqual(updated.updatedAt, first.updatedAt);
      assert.equal(updated.inboxId, undefined);
      assert.equal(updated.language, 'en');
      assert.deepEqual(updated.metadata, {});

      await addDocument(store, a, 'doc-2');
      assert.deepEqual((await store.knowledge.listDocuments(a)).map((document) => document.id).sort(), [
        'doc-1',
        'doc-2',
      ]);
      await rejectsWithCode(store.knowledge.upsertDocument({ ...updated, id: 'doc-3' }), 'conflict');
      assert.equal(await store.knowledge.getDocument(b, 'doc-1'), undefined);
      assert.equal(await store.knowledge.findDocumentBySource(b, first.source), undefined);
      assert.deepEqual(await store.knowledge.listDocuments(b), []);
    });

    it('replaces, lists, counts and finds chunks by hash; deleting a document cascades', async function () {
      const random = seededRandom(7);
      await addDocument(store, a, 'doc-1');
      await addDocument(store, a, 'doc-2');
      const v = () => randomVector(random, 32);
      const doc1 = [
        chunk(a, 'doc-1', 0, v(), { heading: 'Intro', language: 'en', inboxId: 2 }),
        chunk(a, 'doc-1', 1, v()),
      ];
      await store.knowledge.replaceChunks(a, 'doc-1', doc1);
      await store.knowledge.replaceChunks(a, 'doc-2', [chunk(a, 'doc-2', 0, v())]);

      const listed = await store.knowledge.listChunks(a, 'doc-1');
      assert.deepEqual(listed, doc1, 'chunks round-trip exactly, vectors included');
      assert.ok(listed[0]?.vector instanceof Float32Array);
      assert.equal((await store.knowledge.listChunks(a)).length, 3);
      assert.equal(await store.knowledge.countChunks(a), 3);

      const byHash = await store.knowledge.findChunksByHash(
        a,
        ['hash-doc-1-1', 'hash-doc-2-0', 'nope'],
        'hash-tfidf-32',
      );
      assert.deepEqual(byHash.map((c) => c.id).sort(), ['doc-1#1', 'doc-2#0']);
      assert.deepEqual(await store.knowledge.findChunksByHash(a, ['hash-doc-1-1'], 'other-embedder'), []);
      assert.deepEqual(await store.knowledge.findChunksByHash(a, [], 'hash-tfidf-32'), []);
      assert.deepEqual(await store.knowledge.findChunksByHash(b, ['hash-doc-1-1'], 'hash-tfidf-32'), []);

      const replacement = [chunk(a, 'doc-1', 5, v(), { contentHash: 'hash-new' })];
      await store.knowledge.replaceChunks(a, 'doc-1', replacement);
      assert.deepEqual(await store.knowledge.listChunks(a, 'doc-1'), replacement, 'old chunks are gone');
      assert.equal(await store.knowledge.countChunks(a), 2);

      await store.knowledge.deleteDocument(a, 'doc-2');
      assert.equal(await store.knowledge.getDocument(a, 'doc-2'), undefined);
      assert.deepEqual(await store.knowledge.listChunks(a, 'doc-2'), []);
      assert.equal(await store.knowledge.countChunks(a), 1);

      await store.knowledge.replaceChunks(a, 'doc-1', []);
      assert.equal(await store.knowledge.countChunks(a), 0);
    });

    it('refuses chunks for another tenant’s document or of another document', async function () {
      const random = seededRandom(8);
      await addDocument(store, a, 'doc-1');
      const original = [chunk(a, 'doc-1', 0, randomVector(random, 8))];
      await store.knowledge.replaceChunks(a, 'doc-1', original);

      await rejectsWithCode(
        store.knowledge.replaceChunks(b, 'doc-1', [chunk(b, 'doc-1', 0, randomVector(random, 8))]),
        'not_found',
      );
      await rejectsWithCode(
        store.knowledge.replaceChunks(a, 'doc-1', [chunk(b, 'doc-1', 0, randomVector(random, 8))]),
        'bad_request',
      );
      await rejectsWithCode(
        store.knowledge.replaceChunks(a, 'doc-1', [chunk(a, 'doc-9', 0, randomVector(random, 8))]),
        'bad_request',
      );
      await addDocument(store, a, 'doc-2');
      await rejectsWithCode(
        store.knowledge.replaceChunks(a, 'doc-2', [
          { ...chunk(a, 'doc-2', 0, randomVector(random, 8)), id: 'doc-1#0' },
        ]),
        'conflict',
      );
      assert.deepEqual(
        await store.knowledge.listChunks(a, 'doc-1'),
        original,
        'a refused replacement changes nothing',
      );

      await store.knowledge.deleteDocument(b, 'doc-1');
      assert.ok(await store.knowledge.getDocument(a, 'doc-1'), 'another tenant cannot delete it');
      assert.equal(await store.knowledge.countChunks(a), 1);
      assert.equal(await store.knowledge.countChunks(b), 0);
      assert.deepEqual(await store.knowledge.listChunks(b), []);
    });
  });
}
