import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { importHelpCenterArticles, type HelpCenterArticle } from '../../rag/import-help-center.ts';
import { ingestDocument, removeDocument, removeDocumentBySource } from '../../rag/ingest.ts';
import { ingestPaths } from '../../rag/ingest-paths.ts';
import { readKnowledgeRevision } from '../../rag/knowledge-revision.ts';
import { CountingEmbedder } from './counting-embedder.ts';
import { RAG_TEST_STORES, type OpenedRagStore } from './rag-test-stores.ts';

const INSTALLATION = 'inst-1';
const GUIDE =
  '# Account\n\n## Password\n\nReset your password from the login page.\n\n## Billing\n\nInvoices are sent monthly by email.\n\n## Exports\n\nExport data as CSV from settings.\n';

for (const backend of RAG_TEST_STORES) {
  describe(`ingestion (${backend.name} store)`, () => {
    let opened: OpenedRagStore;
    let embedder: CountingEmbedder;

    beforeEach(async () => {
      opened = await backend.open();
      embedder = new CountingEmbedder(await loadLocalEmbedder(opened.store.kv, INSTALLATION));
    });
    afterEach(() => opened.close());

    const ingestGuide = (text = GUIDE, extra: Partial<Parameters<typeof ingestDocument>[2]> = {}) =>
      ingestDocument(opened.store, embedder, {
        installationId: INSTALLATION,
        source: 'kb/guide.md',
        text,
        ...extra,
      });

    it('stores the document and one chunk per section with vectors, heading paths and the embedder id', async () => {
      const result = await ingestGuide();
      assert.equal(result.status, 'created');
      assert.equal(result.chunks, 3);
      assert.equal(result.embedded, 3);
      const doc = await opened.store.knowledge.getDocument(INSTALLATION, result.documentId);
      assert.equal(doc?.title, 'Account');
      const chunks = await opened.store.knowledge.listChunks(INSTALLATION, result.documentId);
      assert.deepEqual(
        chunks.map((c) => c.heading),
        ['Account > Password', 'Account > Billing', 'Account > Exports'],
      );
      for (const chunk of chunks) {
        assert.equal(chunk.embedderId, embedder.id);
        assert.equal(chunk.vector.length, embedder.dims);
      }
      assert.notEqual(await readKnowledgeRevision(opened.store.kv, INSTALLATION), '');
    });

    it('re-ingesting unchanged content embeds nothing', async () => {
      await ingestGuide();
      const calls = embedder.embeddedTexts.length;
      const again = await ingestGuide();
      assert.equal(again.status, 'unchanged');
      assert.equal(embedder.embeddedTexts.length, calls);
    });

    it('an edit re-embeds only the changed chunk and reuses the other vectors', async () => {
      const first = await ingestGuide();
      const before = await opened.store.knowledge.listChunks(INSTALLATION, first.documentId);
      embedder.documentCalls.length = 0;
      const edited = GUIDE.replace('sent monthly by email', 'sent every quarter by post');
      const second = await ingestGuide(edited);
      assert.equal(second.status, 'updated');
      assert.equal(second.documentId, first.documentId);
      assert.equal(second.embedded, 1);
      assert.equal(second.reused, 2);
      assert.equal(embedder.embeddedTexts.length, 1);
      assert.match(embedder.embeddedTexts[0]!, /^Account > Billing\nInvoices are sent every quarter/);
      const after = await opened.store.knowledge.listChunks(INSTALLATION, first.documentId);
      assert.deepEqual(after[0]!.vector, before[0]!.vector);
      assert.equal(after[1]!.text, 'Invoices are sent every quarter by post.');
    });

    it('removing a section removes its chunk; deleting the document removes all', async () => {
      const first = await ingestGuide();
      await ingestGuide(GUIDE.replace('## Exports\n\nExport data as CSV from settings.\n', ''));
      assert.equal((await opened.store.knowledge.listChunks(INSTALLATION, first.documentId)).length, 2);
      assert.equal(await removeDocument(opened.store, INSTALLATION, first.documentId), true);
      assert.equal(await opened.store.knowledge.countChunks(INSTALLATION), 0);
      assert.equal(await opened.store.knowledge.getDocument(INSTALLATION, first.documentId), undefined);
      assert.equal(await removeDocumentBySource(opened.store, INSTALLATION, 'kb/guide.md'), false);
    });

    it('titles a document without a heading after its file name, keeping # and ? in names that are not URLs', async () => {
      const titled = async (source: string) => {
        const { documentId } = await ingestDocument(opened.store, embedder, {
          installationId: INSTALLATION,
          source,
          text: 'Plain words without any heading.',
          type: 'text',
        });
        return (await opened.store.knowledge.getDocument(INSTALLATION, documentId))!.title;
      };
      assert.equal(await titled('upload:C# guide.txt'), 'C# guide');
      assert.equal(await titled('upload:FAQ?.txt'), 'FAQ?');
      assert.equal(await titled('https://help.example.com/docs/returns.html?lang=en#top'), 'returns');
      assert.equal(await titled('file:///srv/kb/shipping.txt'), 'shipping');
    });

    it('reuses vectors across documents with the same chunk text, and scopes chunks to inbox and language', async () => {
      await ingestGuide();
      embedder.documentCalls.length = 0;
      const copy = await ingestDocument(opened.store, embedder, {
        installationId: INSTALLATION,
        source: 'kb/copy.md',
        text: GUIDE,
        inboxId: 7,
        language: 'en',
      });
      assert.equal(copy.embedded, 0);
      const chunks = await opened.store.knowledge.listChunks(INSTALLATION, copy.documentId);
      assert.ok(chunks.every((c) => c.inboxId === 7 && c.language === 'en'));
    });

    it('ingests files and folders, PDF included, keyed by file URL', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-rag-ingest-'));
      try {
        await mkdir(path.join(dir, 'sub'));
        await writeFile(path.join(dir, 'guide.md'), GUIDE);
        await writeFile(
          path.join(dir, 'sub', 'page.html'),
          '<title>Shipping</title><p>We ship worldwide.</p>',
        );
        await writeFile(path.join(dir, 'sub', 'broken.pdf'), 'not a pdf');
        const results = await ingestPaths(opened.store, embedder, [dir], { installationId: INSTALLATION });
        assert.equal(results.length, 3);
        const failed = results.filter((r) => 'error' in r);
        assert.deepEqual(
          failed.map((r) => path.basename(r.file)),
          ['broken.pdf'],
        );
        const html = await opened.store.knowledge.findDocumentBySource(
          INSTALLATION,
          pathToFileURL(path.join(dir, 'sub', 'page.html')).href,
        );
        assert.equal(html?.title, 'Shipping');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('imports published Help Center articles and removes ones no longer published', async () => {
      const article = (
        id: number,
        status: HelpCenterArticle['status'],
        content = `Article ${id} body about topic ${id}.`,
      ): HelpCenterArticle => ({
        id,
        title: `Article ${id}`,
        content,
        locale: 'en',
        status,
        updated_at: '2025-01-01T00:00:00Z',
      });
      const target = { installationId: INSTALLATION, portal: 'help' };
      const first = await importHelpCenterArticles(opened.store, embedder, target, [
        article(1, 'published'),
        article(2, 'published'),
        article(3, 'draft'),
      ]);
      assert.deepEqual(first, { ingested: 2, unchanged: 0, removed: 0, embedded: 2 });
      const other = await ingestGuide();
      const second = await importHelpCenterArticles(opened.store, embedder, target, [
        article(1, 'published'),
        article(2, 'archived'),
        article(3, 'published', 'Now published.'),
      ]);
      assert.deepEqual(second, { ingested: 1, unchanged: 1, removed: 1, embedded: 1 });
      const sources = (await opened.store.knowledge.listDocuments(INSTALLATION)).map((d) => d.source).sort();
      assert.deepEqual(sources, [
        'chatwoot-help-center:help:article:1',
        'chatwoot-help-center:help:article:3',
        'kb/guide.md',
      ]);
      const chunk = (await opened.store.knowledge.listChunks(INSTALLATION)).find(
        (c) => c.text === 'Now published.',
      );
      assert.equal(chunk?.language, 'en');
      assert.ok(await opened.store.knowledge.getDocument(INSTALLATION, other.documentId));
    });
  });
}
