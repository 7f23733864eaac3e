import type { Logger } from '../../logger.ts';
import type { VectorQuery } from '../store.ts';
import type { ChunkVersions } from './chunk-versions.ts';
import { createDotProductKernel, type DotProductKernel } from './dot-product-kernel.ts';
import type { SqliteDatabase } from './open-database.ts';
import { TopK } from './select-top-k.ts';

/** A chunk id with its cosine similarity to the query. */
export interface ScoredChunkId {
  id: string;
  score: number;
}

/** All chunks of one (installation, embedder, dims), unit-length, packed row by row. */
interface IndexedChunks {
  installationId: string;
  version: number;
  ids: string[];
  /** NaN for chunks that belong to no inbox. */
  inboxIds: Float64Array;
  /** Index into `languageCodes`, -1 for untagged chunks. */
  languages: Int32Array;
  languageCodes: Map<string, number>;
  kernel: DotProductKernel;
}

interface ChunkVectorRow {
  id: string;
  inbox_id: number | null;
  language: string | null;
  vector: Buffer;
}

export interface VectorIndexOptions {
  logger: Logger;
  /** Indexes kept in memory at once (least recently used ones are dropped). */
  maxIndexes?: number;
}

/**
 * Exact cosine search over chunk vectors held in memory. Each index is built
 * lazily from `kb_chunks` on first search and rebuilt when the installation's
 * chunk version moved (see chunk-versions.ts). Vectors are L2-normalised once
 * at build time so a dot product is the cosine.
 */
export class VectorIndex {
  private readonly indexes = new Map<string, IndexedChunks>();
  private readonly maxIndexes: number;
  private readonly countRows;
  private readonly selectRows;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly versions: ChunkVersions,
    private readonly options: VectorIndexOptions,
  ) {
    this.maxIndexes = options.maxIndexes ?? 32;
    this.countRows = db.prepare<[string, string, number], { n: number }>(
      'SELECT count(*) AS n FROM kb_chunks WHERE installation_id = ? AND embedder_id = ? AND dims = ?',
    );
    this.selectRows = db.prepare<[string, string, number], ChunkVectorRow>(
      `SELECT id, inbox_id, language, vector FROM kb_chunks
       WHERE installation_id = ? AND embedder_id = ? AND dims = ? ORDER BY rowid`,
    );
  }

  /** Top-k chunk ids, best first. Call inside a read transaction so the version and rows agree. */
  search(query: VectorQuery): ScoredChunkId[] {
    const dims = query.vector.length;
    const topK = Math.floor(query.topK);
    if (!(topK > 0) || dims === 0) return [];
    const index = this.indexFor(query.installationId, query.embedderId, dims);
    if (index.ids.length === 0) return [];

    const languageCode =
      query.language === undefined ? undefined : (index.languageCodes.get(query.language) ?? -2);
    if (languageCode === -2) return [];

    writeNormalized(index.kernel.query, query.vector);
    index.kernel.score();

    const { scores } = index.kernel;
    const inboxFilter = query.inboxId;
    const top = new TopK(topK);
    let threshold = -Infinity;
    for (let i = 0; i < index.ids.length; i++) {
      const score = scores[i] as number;
      // Rows are scanned in index order, so a tie with the current k-th best never displaces it.
      if (score <= threshold) continue;
      if (inboxFilter !== undefined) {
        const inbox = index.inboxIds[i] as number;
        if (!Number.isNaN(inbox) && inbox !== inboxFilter) continue;
      }
      if (languageCode !== undefined && index.languages[i] !== languageCode) continue;
      top.offer(i, score);
      threshold = top.threshold;
    }
    return top.sorted().map(({ index: row, score }) => ({
      id: index.ids[row] as string,
      score: Math.max(-1, Math.min(1, score)),
    }));
  }

  /** Drops an installation's indexes now (its chunks changed); other connections notice via the version. */
  invalidate(installationId: string): void {
    for (const [key, index] of this.indexes) {
      if (index.installationId === installationId) this.indexes.delete(key);
    }
  }

  clear(): void {
    this.indexes.clear();
  }

  private indexFor(installationId: string, embedderId: string, dims: number): IndexedChunks {
    const key = JSON.stringify([installationId, embedderId, dims]);
    const version = this.versions.current(installationId);
    const cached = this.indexes.get(key);
    if (cached && cached.version === version) {
      // Re-insert to mark as most recently used.
      this.indexes.delete(key);
      this.indexes.set(key, cached);
      return cached;
    }
    this.indexes.delete(key);
    const built = this.build(installationId, embedderId, dims, version);
    this.indexes.set(key, built);
    while (this.indexes.size > this.maxIndexes) {
      const oldest = this.indexes.keys().next().value as string;
      this.indexes.delete(oldest);
    }
    return built;
  }

  private build(installationId: string, embedderId: string, dims: number, version: number): IndexedChunks {
    const started = performance.now();
    const rows = this.countRows.get(installationId, embedderId, dims)?.n ?? 0;
    const kernel = createDotProductKernel(rows, dims);
    const ids: string[] = new Array<string>(rows);
    const inboxIds = new Float64Array(rows);
    const languages = new Int32Array(rows);
    const languageCodes = new Map<string, number>();
    const rowBytes = new Uint8Array(kernel.matrix.buffer, kernel.matrix.byteOffset, kernel.matrix.byteLength);

    let row = 0;
    for (const chunk of this.selectRows.iterate(installationId, embedderId, dims)) {
      if (row >= rows) break;
      const offset = row * kernel.stride;
      rowBytes.set(chunk.vector, offset * 4);
      normalizeInPlace(kernel.matrix, offset, dims);
      ids[row] = chunk.id;
      inboxIds[row] = chunk.inbox_id ?? NaN;
      if (chunk.language === null) {
        languages[row] = -1;
      } else {
        let code = languageCodes.get(chunk.language);
        if (code === undefined) {
          code = languageCodes.size;
          languageCodes.set(chunk.language, code);
        }
        languages[row] = code;
      }
      row++;
    }

    this.options.logger.debug(
      {
        installationId,
        embedderId,
        dims,
        chunks: rows,
        engine: kernel.engine,
        ms: Math.round(performance.now() - started),
      },
      'built in-memory vector index',
    );
    return { installationId, version, ids, inboxIds, languages, languageCodes, kernel };
  }
}

function normalizeInPlace(matrix: Float32Array, offset: number, dims: number): void {
  let sum = 0;
  for (let j = 0; j < dims; j++) {
    const v = matrix[offset + j] as number;
    sum += v * v;
  }
  if (sum === 0) return;
  const scale = 1 / Math.sqrt(sum);
  for (let j = 0; j < dims; j++) matrix[offset + j] = (matrix[offset + j] as number) * scale;
}

function writeNormalized(target: Float32Array, vector: Float32Array): void {
  target.fill(0);
  target.set(vector);
  normalizeInPlace(target, 0, vector.length);
}
