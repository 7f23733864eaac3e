import assert from 'node:assert/strict';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { DEFAULT_LOCAL_MODEL_CONFIG } from '../../rag/embed/local-model.ts';
import { loadLocalModel } from '../../rag/embed/persist-local-model.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { reembedChunks } from '../../rag/reembed.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { CountingEmbedder } from './counting-embedder.ts';
import { RAG_TEST_STORES, type OpenedRagStore } from './rag-test-stores.ts';

const INSTALLATION = 'inst-re';
const SMALL = { ...DEFAULT_LOCAL_MODEL_CONFIG, hashedDims: 64, lsaRank: 4 };

const TOPICS = [
  'password reset login',
  'invoice billing refund',
  'export csv settings',
  'shipping delivery tracking',
  'mobile app notifications',
  'team members roles',
];

async function seed(opened: OpenedRagStore, count: number, offset = 0): Promise<void> {
  const embedder = await loadLocalEmbedder(opened.store.kv, INSTALLATION, SMALL);
  for (let i = offset; i < offset + count; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    await ingestDocument(opened.store, embedder, {
      installationId: INSTALLATION,
      source: `doc-${i}`,
      title: `Doc ${i}: ${topic}`,
      text: `About ${topic}. Details number ${i} on ${topic} and more ${topic}.`,
    });
  }
}

for (const backend of RAG_TEST_STORES) {
  describe(`re-embedding (${backend.name} store)`, () => {
    let opened: OpenedRagStore;
    beforeEach(async () => {
      opened = await backend.open();
    });
    afterEach(() => opened.close());

    it('a model change re-embeds every chunk of the old model, once', async () => {
      await seed(opened, 4);
      const next = new CountingEmbedder(
        await loadLocalEmbedder(opened.store.kv, INSTALLATION, { ...SMALL, hashedDims: 96 }),
      );
      assert.notEqual(next.id, (await opened.store.knowledge.listChunks(INSTALLATION))[0]!.embedderId);
      const result = await reembedChunks(opened.store, next, INSTALLATION);
      assert.deepEqual(result, { documents: 4, chunks: 4, reembedded: 4 });
      assert.equal(next.embeddedTexts.length, 4);
      const chunks = await opened.store.knowledge.listChunks(INSTALLATION);
      assert.ok(chunks.every((c) => c.embedderId === next.id && c.vector.length === 96));
      const again = await reembedChunks(opened.store, next, INSTALLATION);
      assert.equal(again.reembedded, 0);
      assert.equal(next.embeddedTexts.length, 4);
      const hits = await opened.store.knowledge.vectorSearch({
        installationId: INSTALLATION,
        vector: await next.embedQuery('shipping delivery'),
        embedderId: next.id,
        topK: 1,
      });
      assert.match(hits[0]!.chunk.text, /shipping/);
    });

    it('the local model is fitted, persisted and versioned; a refit changes the id and re-embeds', async () => {
      await seed(opened, 12);
      const first = await refreshLocalEmbedder(opened.store, INSTALLATION, { config: SMALL });
      assert.equal(first.refitted, true);
      assert.equal(first.reembedded, 12);
      assert.match(first.embedder.id, /^omniloom-local-tfidf-lsa:68d:fit-1-[0-9a-f]{8}$/);
      const saved = await loadLocalModel(opened.store.kv, INSTALLATION);
      assert.equal(saved?.version, 1);
      assert.equal(saved?.lsa?.rank, 4);
      // The persisted model embeds exactly like the fitted one.
      const reloaded = await loadLocalEmbedder(opened.store.kv, INSTALLATION, SMALL);
      assert.equal(reloaded.id, first.embedder.id);
      assert.deepEqual(
        await reloaded.embedQuery('refund please'),
        await first.embedder.embedQuery('refund please'),
      );

      const quiet = await refreshLocalEmbedder(opened.store, INSTALLATION, { config: SMALL });
      assert.equal(quiet.refitted, false);
      assert.equal(quiet.drift, 0);
      assert.equal(quiet.embedder.id, first.embedder.id);

      await seed(opened, 6, 12);
      const grown = await refreshLocalEmbedder(opened.store, INSTALLATION, { config: SMALL });
      assert.equal(grown.refitted, true);
      assert.ok(grown.drift > 0.2);
      assert.match(grown.embedder.id, /:fit-2-/);
      const ids = new Set((await opened.store.knowledge.listChunks(INSTALLATION)).map((c) => c.embedderId));
      assert.deepEqual([...ids], [grown.embedder.id]);
    });
  });
}
