import type { KbChunkRecord } from '../../plugin/store/store.ts';
import { composeIndexText } from '../../rag/chunk/compose-index-text.ts';
import { hashContent } from '../../rag/chunk/hash-content.ts';
import { seededRandom } from '../../rag/embed/seeded-random.ts';
import { markKnowledgeChanged } from '../../rag/knowledge-revision.ts';
import type { RagStore } from '../../rag/rag-store.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { createRetriever, type RetrievalMode } from '../../rag/retrieve/create-retriever.ts';
import { quantile } from '../lib/score-ranking.ts';

export interface ScaleReport {
  chunks: number;
  embedder: string;
  build_s: number;
  keyword: { p50_ms: number; p99_ms: number };
  vector: { p50_ms: number; p99_ms: number };
  hybrid: { p50_ms: number; p99_ms: number };
  rss_mb: number;
  heap_used_mb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);
const round = (value: number, digits = 3): number => Number(value.toFixed(digits));

/**
 * Fills a store with `count` synthetic chunks (3–6 sentences drawn from the
 * corpus, plus a serial so every chunk is distinct), fits the local embedder,
 * embeds everything, then times queries in each mode and reads process memory.
 * Chunks are written with replaceChunks in documents of 50 (no per-file loading).
 */
export async function measureScale(
  store: RagStore,
  count: number,
  sentences: readonly string[],
  queries: readonly string[],
  installationId = `scale-${count}`,
): Promise<ScaleReport> {
  const random = seededRandom(count);
  const started = performance.now();
  const perDocument = 50;
  const placeholder = new Float32Array(1);
  for (let doc = 0; doc * perDocument < count; doc++) {
    const documentId = `doc-${doc}`;
    const title = sentences[Math.floor(random() * sentences.length)]!.slice(0, 80);
    await store.knowledge.upsertDocument({
      id: documentId,
      installationId,
      source: `synthetic:${doc}`,
      title,
      contentHash: String(doc),
      metadata: {},
    });
    const chunks: KbChunkRecord[] = [];
    for (let i = 0; i < perDocument && doc * perDocument + i < count; i++) {
      const n = 3 + Math.floor(random() * 4);
      const body = Array.from({ length: n }, () => sentences[Math.floor(random() * sentences.length)]).join(
        ' ',
      );
      const text = `${body} (ref ${doc}-${i})`;
      chunks.push({
        id: `${documentId}:${i}`,
        documentId,
        installationId,
        ordinal: i,
        heading: title,
        text,
        contentHash: hashContent(composeIndexText({ heading: title, text })),
        embedderId: 'unembedded',
        vector: placeholder,
      });
    }
    await store.knowledge.replaceChunks(installationId, documentId, chunks);
  }
  await markKnowledgeChanged(store.kv, installationId);
  const { embedder } = await refreshLocalEmbedder(store, installationId, { force: true, batchSize: 256 });
  const buildS = (performance.now() - started) / 1000;

  const retriever = createRetriever({ store, embedder });
  const time = async (mode: RetrievalMode): Promise<{ p50_ms: number; p99_ms: number }> => {
    await retriever.retrieve('warm up the index', { installationId, mode, topK: 10 });
    const latencies: number[] = [];
    for (const query of queries) {
      const t0 = performance.now();
      await retriever.retrieve(query, { installationId, mode, topK: 10 });
      latencies.push(performance.now() - t0);
    }
    return { p50_ms: round(quantile(latencies, 0.5)), p99_ms: round(quantile(latencies, 0.99)) };
  };
  const keyword = await time('keyword');
  const vector = await time('vector');
  const hybrid = await time('hybrid');
  const memory = process.memoryUsage();
  return {
    chunks: count,
    embedder: embedder.id,
    build_s: round(buildS, 1),
    keyword,
    vector,
    hybrid,
    rss_mb: mb(memory.rss),
    heap_used_mb: mb(memory.heapUsed),
  };
}
