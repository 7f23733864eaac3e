import type { KbChunkRecord } from '../../plugin/store/store.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { RagStore } from '../rag-store.ts';
import type { TermAnalysis } from '../text/analyze-terms.ts';
import type { Bm25Params } from './bm25-index.ts';
import { fuseReciprocalRank } from './fuse-reciprocal-rank.ts';
import { KeywordIndexCache } from './keyword-index-cache.ts';

/** Weighted reciprocal rank fusion settings. */
export interface FusionParams {
  k: number;
  keywordWeight: number;
  vectorWeight: number;
}

/** Chosen on the benchmark's dev split (see rag/README.md). */
export const DEFAULT_FUSION_PARAMS: FusionParams = { k: 20, keywordWeight: 1, vectorWeight: 2 };

export type RetrievalMode = 'hybrid' | 'keyword' | 'vector';

export interface RetrieveOptions {
  installationId: string;
  /** Also searches chunks scoped to this inbox (unscoped chunks always qualify; other inboxes' never do). */
  inboxId?: number;
  /** Only chunks tagged with this language. */
  language?: string;
  /** Results returned (default 5). */
  topK?: number;
  mode?: RetrievalMode;
}

/**
 * One retrieved chunk. `score` is the fused score in hybrid mode, the BM25
 * score in keyword mode and the cosine in vector mode; the per-leg ranks
 * (1-based) and scores are kept for confidence estimation. `chunk.vector` is
 * empty: results carry text and ids, not embeddings.
 */
export interface RetrievedChunk {
  chunk: KbChunkRecord;
  score: number;
  keywordRank?: number;
  keywordScore?: number;
  vectorRank?: number;
  vectorScore?: number;
}

export interface Retriever {
  retrieve(query: string, options: RetrieveOptions): Promise<RetrievedChunk[]>;
  /** Drops cached keyword indexes (one installation or all); stores' change tokens also trigger rebuilds. */
  invalidate(installationId?: string): void;
}

export interface RetrieverOptions {
  store: RagStore;
  /** The embedder, or a resolver for per-installation embedders (the local model is fitted per installation). */
  embedder: Embedder | ((installationId: string) => Promise<Embedder>);
  analysis?: TermAnalysis;
  bm25?: Bm25Params;
  fusion?: FusionParams;
  /** Candidates taken from each leg before fusion (default 50). */
  candidates?: number;
}

const NO_VECTOR = new Float32Array(0);

/**
 * Hybrid retrieval over an installation's knowledge base: BM25 over an
 * in-memory index of its chunks, cosine search through the store, fused by
 * weighted reciprocal rank. Both legs apply the same scope filters (inbox,
 * language) before ranking.
 */
export function createRetriever(options: RetrieverOptions): Retriever {
  const keyword = new KeywordIndexCache(options.store, { analysis: options.analysis, bm25: options.bm25 });
  const fusion = options.fusion ?? DEFAULT_FUSION_PARAMS;
  const candidates = options.candidates ?? 50;
  const fixed = typeof options.embedder === 'function' ? undefined : options.embedder;
  const resolveEmbedder = async (installationId: string): Promise<Embedder> =>
    fixed ?? (options.embedder as (installationId: string) => Promise<Embedder>)(installationId);

  async function keywordLeg(query: string, opts: RetrieveOptions, limit: number): Promise<RetrievedChunk[]> {
    const index = await keyword.get(opts.installationId);
    const accept = (doc: number): boolean => {
      const chunk = index.chunks[doc]!;
      if (opts.inboxId !== undefined && chunk.inboxId !== undefined && chunk.inboxId !== opts.inboxId)
        return false;
      return opts.language === undefined || chunk.language === opts.language;
    };
    return index.bm25.search(keyword.terms(query), limit, accept).map((hit, i) => ({
      chunk: index.chunks[hit.doc]!,
      score: hit.score,
      keywordRank: i + 1,
      keywordScore: hit.score,
    }));
  }

  async function vectorLeg(query: string, opts: RetrieveOptions, limit: number): Promise<RetrievedChunk[]> {
    const embedder = await resolveEmbedder(opts.installationId);
    const vector = await embedder.embedQuery(query);
    const hits = await options.store.knowledge.vectorSearch({
      installationId: opts.installationId,
      vector,
      embedderId: embedder.id,
      topK: limit,
      inboxId: opts.inboxId,
      language: opts.language,
    });
    return hits.map((hit, i) => ({
      chunk: { ...hit.chunk, vector: NO_VECTOR },
      score: hit.score,
      vectorRank: i + 1,
      vectorScore: hit.score,
    }));
  }

  return {
    async retrieve(query, opts) {
      const topK = opts.topK ?? 5;
      const mode = opts.mode ?? 'hybrid';
      if (!query.trim() || topK <= 0) return [];
      if (mode === 'keyword') return keywordLeg(query, opts, topK);
      if (mode === 'vector') return vectorLeg(query, opts, topK);
      const limit = Math.max(candidates, topK);
      const [lexical, semantic] = await Promise.all([
        keywordLeg(query, opts, limit),
        vectorLeg(query, opts, limit),
      ]);
      const byId = new Map<string, RetrievedChunk>();
      for (const hit of lexical) byId.set(hit.chunk.id, { ...hit });
      for (const hit of semantic) {
        const seen = byId.get(hit.chunk.id);
        byId.set(
          hit.chunk.id,
          seen ? { ...seen, vectorRank: hit.vectorRank, vectorScore: hit.vectorScore } : { ...hit },
        );
      }
      const fused = fuseReciprocalRank(
        [
          { ids: lexical.map((hit) => hit.chunk.id), weight: fusion.keywordWeight },
          { ids: semantic.map((hit) => hit.chunk.id), weight: fusion.vectorWeight },
        ],
        fusion.k,
      );
      return fused.slice(0, topK).map((entry) => ({ ...byId.get(entry.id)!, score: entry.score }));
    },
    invalidate(installationId) {
      keyword.invalidate(installationId);
    },
  };
}
