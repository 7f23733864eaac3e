import type { BeirSplit } from '../lib/load-beir-dataset.ts';
import { meanScores, quantile, scoreRanking } from '../lib/score-ranking.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import type { RagStore } from '../../rag/rag-store.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { createRetriever, type RetrievalMode } from '../../rag/retrieve/create-retriever.ts';

/** Quality and latency of one retrieval mode. */
export interface ModeReport {
  'ndcg@10': number;
  'recall@10': number;
  mrr: number;
  p50_ms: number;
  p99_ms: number;
}

export interface DatasetReport {
  keyword: ModeReport;
  vector: ModeReport;
  hybrid: ModeReport;
  ingest_chunks_per_s: number;
  embedder: string;
  details: { chunks: number; ingestMs: number; refitMs: number; reembedded: number; queries: number };
}

const INSTALLATION = 'bench';
const round = (value: number, digits = 4): number => Number(value.toFixed(digits));

/**
 * Ingests the corpus through the real ingestion path (one document per
 * passage: title + text), fits the local embedder on it and re-embeds, then
 * runs every query of the split in each mode. Chunk hits are mapped back to
 * passages (first hit wins) before scoring.
 */
export async function evaluateDataset(store: RagStore, data: BeirSplit): Promise<DatasetReport> {
  const started = performance.now();
  const initial = await loadLocalEmbedder(store.kv, INSTALLATION);
  let chunks = 0;
  for (const passage of data.corpus) {
    const result = await ingestDocument(store, initial, {
      installationId: INSTALLATION,
      source: `beir:${passage.id}`,
      title: passage.title,
      text: passage.text,
      type: 'text',
      metadata: { passageId: passage.id },
    });
    chunks += result.chunks;
  }
  const ingestMs = performance.now() - started;
  const refreshed = await refreshLocalEmbedder(store, INSTALLATION, { force: true });
  const refitMs = performance.now() - started - ingestMs;

  const passageOf = new Map<string, string>();
  for (const doc of await store.knowledge.listDocuments(INSTALLATION))
    passageOf.set(doc.id, doc.source.slice('beir:'.length));
  const retriever = createRetriever({ store, embedder: refreshed.embedder });

  const runMode = async (mode: RetrievalMode): Promise<ModeReport> => {
    await retriever.retrieve('warm up', { installationId: INSTALLATION, topK: 10, mode });
    const latencies: number[] = [];
    const scores = [];
    for (const query of data.queries) {
      const t0 = performance.now();
      const hits = await retriever.retrieve(query.text, { installationId: INSTALLATION, topK: 100, mode });
      latencies.push(performance.now() - t0);
      const ranked = [...new Set(hits.map((hit) => passageOf.get(hit.chunk.documentId)!))];
      scores.push(scoreRanking(ranked, data.relevant.get(query.id)!));
    }
    const mean = meanScores(scores);
    return {
      'ndcg@10': round(mean.ndcg10),
      'recall@10': round(mean.recall10),
      mrr: round(mean.mrr),
      p50_ms: round(quantile(latencies, 0.5), 3),
      p99_ms: round(quantile(latencies, 0.99), 3),
    };
  };

  return {
    keyword: await runMode('keyword'),
    vector: await runMode('vector'),
    hybrid: await runMode('hybrid'),
    ingest_chunks_per_s: round(chunks / ((ingestMs + refitMs) / 1000), 1),
    embedder: refreshed.embedder.id,
    details: {
      chunks,
      ingestMs: round(ingestMs, 1),
      refitMs: round(refitMs, 1),
      reembedded: refreshed.reembedded,
      queries: data.queries.length,
    },
  };
}
