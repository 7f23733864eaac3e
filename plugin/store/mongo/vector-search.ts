import type { PipelineStage } from 'mongoose';
import type { Logger } from '../../logger.ts';
import type { VectorQuery } from '../store.ts';
import { ATLAS_VECTOR_INDEX_NAME } from './atlas-vector-index.ts';
import { buildAtlasSearchPipeline, buildExactSearchPipeline } from './build-vector-pipelines.ts';
import { isSearchUnavailable } from './is-search-unavailable.ts';
import type { KbChunkDoc, StoreModels } from './models.ts';

/** How the store answers vector queries: Atlas `$vectorSearch`, the exact pipeline, or find out on first use. */
export type VectorSearchMode = 'auto' | 'atlas' | 'exact';

/** A chunk document with its cosine similarity to the query. */
export type ScoredChunkDoc = KbChunkDoc & { score: number };

/** An index that exists but is still building is probed again after this long. */
const REPROBE_MS = 60_000;

/**
 * Vector search on MongoDB. In `auto` mode the first query checks the Atlas
 * index (`listSearchIndexes`); when the deployment has no Atlas Search, or the
 * index is missing, queries run an exact cosine aggregation instead, and that
 * verdict is remembered so no later query pays for the failed attempt.
 */
export class MongoVectorSearch {
  private mode: 'unknown' | 'atlas' | 'exact';
  private reprobeAt = 0;

  constructor(
    private readonly models: StoreModels,
    private readonly logger: Logger,
    mode: VectorSearchMode = 'auto',
  ) {
    this.mode = mode === 'auto' ? 'unknown' : mode;
  }

  /** The strategy in use (`unknown` until the first query in auto mode). */
  get activeMode(): 'unknown' | 'atlas' | 'exact' {
    return this.mode;
  }

  async search(query: VectorQuery): Promise<ScoredChunkDoc[]> {
    query = { ...query, topK: Math.floor(query.topK) };
    if (!(query.topK > 0) || query.vector.length === 0) return [];
    if (this.mode === 'unknown' || (this.reprobeAt > 0 && Date.now() >= this.reprobeAt)) await this.probe();
    if (this.mode === 'atlas') {
      try {
        return await this.atlasSearch(query);
      } catch (error) {
        if (!isSearchUnavailable(error)) throw error;
        this.fallBack('$vectorSearch is unavailable on this deployment', error);
      }
    }
    return this.exactSearch(query);
  }

  private async probe(): Promise<void> {
    this.reprobeAt = 0;
    try {
      const indexes = await this.models.kbChunks.listSearchIndexes();
      const index = indexes.find((candidate) => candidate.name === ATLAS_VECTOR_INDEX_NAME);
      if (!index) {
        this.fallBack(
          `Atlas Search works but the vector index ${ATLAS_VECTOR_INDEX_NAME} is missing; create it from manifests/atlas-vector-index.json`,
        );
      } else if (index.queryable === false) {
        this.mode = 'exact';
        this.reprobeAt = Date.now() + REPROBE_MS;
        this.logger.info(
          { status: index.status },
          'Atlas vector index is not queryable yet; using exact search meanwhile',
        );
      } else {
        this.mode = 'atlas';
        this.logger.info({ index: ATLAS_VECTOR_INDEX_NAME }, 'using Atlas $vectorSearch');
      }
    } catch (error) {
      if (isSearchUnavailable(error)) {
        this.fallBack('this MongoDB deployment has no Atlas Search', error);
        return;
      }
      // Listing may be forbidden to this user while querying works: let $vectorSearch itself decide.
      this.mode = 'atlas';
      this.logger.warn(
        { err: { message: (error as Error).message } },
        'could not list Atlas Search indexes; trying $vectorSearch',
      );
    }
  }

  private fallBack(reason: string, error?: unknown): void {
    this.mode = 'exact';
    this.logger.warn(
      {
        err:
          error instanceof Error
            ? { message: error.message, code: (error as { code?: unknown }).code }
            : undefined,
      },
      `${reason}; vector search uses an exact cosine aggregation (fine for small knowledge bases)`,
    );
  }

  private async atlasSearch(query: VectorQuery): Promise<ScoredChunkDoc[]> {
    return this.run(buildAtlasSearchPipeline(query));
  }

  private async exactSearch(query: VectorQuery): Promise<ScoredChunkDoc[]> {
    return this.run(buildExactSearchPipeline(query));
  }

  private async run(pipeline: Array<Record<string, unknown>>): Promise<ScoredChunkDoc[]> {
    const docs = await this.models.kbChunks
      .aggregate<ScoredChunkDoc>(pipeline as unknown as PipelineStage[])
      .allowDiskUse(true);
    return docs.map((doc) => ({ ...doc, score: Math.max(-1, Math.min(1, doc.score)) }));
  }
}
