import assert from 'node:assert/strict';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { DEFAULT_LOCAL_MODEL_CONFIG } from '../../rag/embed/local-model.ts';
import { ingestDocument, removeDocumentBySource } from '../../rag/ingest.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { createRetriever, type Retriever } from '../../rag/retrieve/create-retriever.ts';
import { RAG_TEST_STORES, type OpenedRagStore } from './rag-test-stores.ts';

const INSTALLATION = 'inst-ret';
const CONFIG = { ...DEFAULT_LOCAL_MODEL_CONFIG, hashedDims: 256, lsaRank: 4 };

const DOCS = [
  {
    source: 'pw-en',
    title: 'Reset your password',
    text: 'Open the login page and click forgot password to get a reset email.',
    language: 'en',
  },
  {
    source: 'pw-de',
    title: 'Passwort zurücksetzen',
    text: 'Öffnen Sie die Anmeldeseite und klicken Sie auf Passwort vergessen.',
    language: 'de',
  },
  {
    source: 'refund-inbox-1',
    title: 'Refunds for shop orders',
    text: 'Refunds for shop orders are paid back within 14 days.',
    language: 'en',
    inboxId: 1,
  },
  {
    source: 'refund-inbox-2',
    title: 'Refunds for subscriptions',
    text: 'Subscription refunds are prorated to the day.',
    language: 'en',
    inboxId: 2,
  },
  {
    source: 'export',
    title: 'Export your data',
    text: 'Settings, then export, then download the CSV file.',
    language: 'en',
  },
  {
    source: 'team',
    title: 'Invite team members',
    text: 'Admins can invite members and assign roles from the team page.',
    language: 'en',
  },
];

for (const backend of RAG_TEST_STORES) {
  describe(`retrieve (${backend.name} store)`, () => {
    let opened: OpenedRagStore;
    let retriever: Retriever;

    beforeEach(async () => {
      opened = await backend.open();
      const embedder = await loadLocalEmbedder(opened.store.kv, INSTALLATION, CONFIG);
      for (const doc of DOCS)
        await ingestDocument(opened.store, embedder, { installationId: INSTALLATION, ...doc });
      const { embedder: fitted } = await refreshLocalEmbedder(opened.store, INSTALLATION, { config: CONFIG });
      retriever = createRetriever({ store: opened.store, embedder: fitted });
    });
    afterEach(() => opened.close());

    it('hybrid results keep per-leg ranks and scores, and the fused score is their RRF', async () => {
      const results = await retriever.retrieve('forgot my password', {
        installationId: INSTALLATION,
        topK: 3,
      });
      assert.equal(results[0]!.chunk.documentId.length > 0, true);
      assert.match(results[0]!.chunk.text, /forgot password/);
      const top = results[0]!;
      assert.equal(top.keywordRank, 1);
      assert.ok(top.keywordScore! > 0);
      assert.ok(top.vectorRank! >= 1 && top.vectorScore! <= 1);
      const expected = 1 / (20 + top.keywordRank!) + 2 / (20 + top.vectorRank!);
      assert.ok(Math.abs(top.score - expected) < 1e-12);
      assert.equal(top.chunk.vector.length, 0);
      for (let i = 1; i < results.length; i++) assert.ok(results[i - 1]!.score >= results[i]!.score);
    });

    it('keyword and vector modes return one leg each', async () => {
      const keyword = await retriever.retrieve('export csv', {
        installationId: INSTALLATION,
        mode: 'keyword',
        topK: 2,
      });
      assert.ok(keyword.every((r) => r.keywordRank !== undefined && r.vectorRank === undefined));
      assert.equal(keyword[0]!.score, keyword[0]!.keywordScore);
      const vector = await retriever.retrieve('export csv', {
        installationId: INSTALLATION,
        mode: 'vector',
        topK: 2,
      });
      assert.ok(vector.every((r) => r.vectorRank !== undefined && r.keywordRank === undefined));
      assert.match(vector[0]!.chunk.text, /CSV/);
    });

    it('filters by inbox (unscoped chunks stay) and by language, in every mode', async () => {
      for (const mode of ['keyword', 'vector', 'hybrid'] as const) {
        const inbox1 = await retriever.retrieve('refunds', {
          installationId: INSTALLATION,
          inboxId: 1,
          topK: 10,
          mode,
        });
        const inboxes = new Set(inbox1.map((r) => r.chunk.inboxId));
        assert.ok(!inboxes.has(2), `${mode}: inbox 2 excluded`);
        assert.ok(
          inbox1.some((r) => r.chunk.inboxId === 1),
          `${mode}: inbox 1 found`,
        );
        const german = await retriever.retrieve('Passwort vergessen', {
          installationId: INSTALLATION,
          language: 'de',
          topK: 10,
          mode,
        });
        assert.ok(
          german.length > 0 && german.every((r) => r.chunk.language === 'de'),
          `${mode}: only German`,
        );
      }
      const other = await retriever.retrieve('password', { installationId: 'someone-else', topK: 5 });
      assert.deepEqual(other, []);
    });

    it('sees ingests and removals without a manual invalidate (revision token)', async () => {
      const before = await retriever.retrieve('pricing tiers', {
        installationId: INSTALLATION,
        mode: 'keyword',
      });
      assert.deepEqual(before, []);
      const embedder = await loadLocalEmbedder(opened.store.kv, INSTALLATION, CONFIG);
      await ingestDocument(opened.store, embedder, {
        installationId: INSTALLATION,
        source: 'pricing',
        title: 'Pricing tiers',
        text: 'Three tiers: free, pro, enterprise.',
      });
      const after = await retriever.retrieve('pricing tiers', {
        installationId: INSTALLATION,
        mode: 'keyword',
      });
      assert.equal(after[0]?.chunk.heading, 'Pricing tiers');
      await removeDocumentBySource(opened.store, INSTALLATION, 'pricing');
      assert.deepEqual(
        await retriever.retrieve('pricing tiers', { installationId: INSTALLATION, mode: 'keyword' }),
        [],
      );
      retriever.invalidate(INSTALLATION);
      retriever.invalidate();
      assert.ok((await retriever.retrieve('team roles', { installationId: INSTALLATION })).length > 0);
    });

    it('returns nothing for an empty query or topK 0', async () => {
      assert.deepEqual(await retriever.retrieve('  ', { installationId: INSTALLATION }), []);
      assert.deepEqual(await retriever.retrieve('password', { installationId: INSTALLATION, topK: 0 }), []);
    });
  });
}
