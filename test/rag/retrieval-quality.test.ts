import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadBeirSplit, type BeirSplit } from '../../bench/lib/load-beir-dataset.ts';
import { meanScores, scoreRanking } from '../../bench/lib/score-ranking.ts';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { createRetriever, type RetrievalMode } from '../../rag/retrieve/create-retriever.ts';
import { MemoryRagStore } from './memory-rag-store.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const DATASET = path.resolve(repoRoot, '..', 'shared', 'rag-eval');

describe('retrieval quality on a slice of the StackFAQ dev split', function () {
  this.timeout(30_000);

  it('hybrid search scores at least as well as keyword search (nDCG@10)', async function () {
    if (!existsSync(path.join(DATASET, 'corpus.jsonl'))) this.skip();
    const full: BeirSplit = await loadBeirSplit(DATASET, 'dev');
    // Threads 1–60 and their dev queries: about half the corpus, fast enough for the unit suite.
    const inSlice = (id: string): boolean => Number(id.slice(1, 4)) <= 60;
    const corpus = full.corpus.filter((p) => inSlice(p.id));
    const queries = full.queries.filter((q) => inSlice(q.id));
    const store = new MemoryRagStore();
    const initial = await loadLocalEmbedder(store.kv, 'q');
    for (const passage of corpus) {
      await ingestDocument(store, initial, {
        installationId: 'q',
        source: passage.id,
        title: passage.title,
        text: passage.text,
        type: 'text',
      });
    }
    const { embedder } = await refreshLocalEmbedder(store, 'q');
    const retriever = createRetriever({ store, embedder });
    const sourceOf = new Map((await store.knowledge.listDocuments('q')).map((d) => [d.id, d.source]));

    const ndcg = async (mode: RetrievalMode): Promise<number> => {
      const scores = [];
      for (const query of queries) {
        const hits = await retriever.retrieve(query.text, { installationId: 'q', mode, topK: 20 });
        const ranked = [...new Set(hits.map((h) => sourceOf.get(h.chunk.documentId)!))];
        scores.push(scoreRanking(ranked, full.relevant.get(query.id)!));
      }
      return meanScores(scores).ndcg10;
    };
    const keyword = await ndcg('keyword');
    const hybrid = await ndcg('hybrid');
    assert.ok(queries.length > 250, `${queries.length} queries`);
    assert.ok(keyword > 0.6, `keyword nDCG@10 ${keyword.toFixed(3)}`);
    assert.ok(hybrid >= keyword, `hybrid ${hybrid.toFixed(3)} vs keyword ${keyword.toFixed(3)}`);
  });
});
