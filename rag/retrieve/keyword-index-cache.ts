import type { KbChunkRecord } from '../../plugin/store/store.ts';
import { composeIndexText } from '../chunk/compose-index-text.ts';
import { readKnowledgeRevision } from '../knowledge-revision.ts';
import type { RagStore } from '../rag-store.ts';
import { analyzeTerms, DEFAULT_TERM_ANALYSIS, type TermAnalysis } from '../text/analyze-terms.ts';
import { Bm25Index, DEFAULT_BM25_PARAMS, type Bm25Params } from './bm25-index.ts';

/** An installation's BM25 index with the chunks it was built from (vectors dropped to save memory). */
export interface KeywordIndex {
  revision: string;
  chunks: KbChunkRecord[];
  bm25: Bm25Index;
}

export interface KeywordIndexCacheOptions {
  analysis?: TermAnalysis;
  bm25?: Bm25Params;
  /** Installations kept in memory at once (least recently used are dropped). */
  maxInstallations?: number;
}

const NO_VECTOR = new Float32Array(0);

/**
 * Builds each installation's BM25 index from its stored chunks on first use
 * and keeps it until the installation's knowledge revision changes (any
 * ingest, removal or re-embed, from any process) or `invalidate` is called.
 */
export class KeywordIndexCache {
  private readonly entries = new Map<string, Promise<KeywordIndex>>();
  private readonly analysis: TermAnalysis;
  private readonly params: Bm25Params;
  private readonly maxInstallations: number;

  constructor(
    private readonly store: RagStore,
    options: KeywordIndexCacheOptions = {},
  ) {
    this.analysis = options.analysis ?? DEFAULT_TERM_ANALYSIS;
    this.params = options.bm25 ?? DEFAULT_BM25_PARAMS;
    this.maxInstallations = options.maxInstallations ?? 32;
  }

  /** Analyses query text the same way the index was built. */
  terms(text: string): string[] {
    return analyzeTerms(text, this.analysis);
  }

  async get(installationId: string): Promise<KeywordIndex> {
    const revision = await readKnowledgeRevision(this.store.kv, installationId);
    const cached = this.entries.get(installationId);
    if (cached) {
      const index = await cached.catch(() => undefined);
      if (index && index.revision === revision) {
        this.entries.delete(installationId);
        this.entries.set(installationId, cached);
        return index;
      }
      if (this.entries.get(installationId) === cached) this.entries.delete(installationId);
    }
    const building = this.build(installationId, revision);
    this.entries.set(installationId, building);
    while (this.entries.size > this.maxInstallations) this.entries.delete(this.entries.keys().next().value!);
    building.catch(
      () => this.entries.get(installationId) === building && this.entries.delete(installationId),
    );
    return building;
  }

  /** Drops the cached index of one installation (or all). */
  invalidate(installationId?: string): void {
    if (installationId === undefined) this.entries.clear();
    else this.entries.delete(installationId);
  }

  private async build(installationId: string, revision: string): Promise<KeywordIndex> {
    const chunks = (await this.store.knowledge.listChunks(installationId)).map((chunk) => ({
      ...chunk,
      vector: NO_VECTOR,
    }));
    const bm25 = new Bm25Index(
      chunks.map((chunk) => analyzeTerms(composeIndexText(chunk), this.analysis)),
      this.params,
    );
    return { revision, chunks, bm25 };
  }
}
