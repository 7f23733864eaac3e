import { dropUndefined } from '../drop-undefined.ts';
import type { KbChunkRecord, KbDocumentRecord, KnowledgeStore } from '../store.ts';
import { invalidRecord, recordConflict, recordNotFound } from '../store-errors.ts';
import type { ChunkVersions } from './chunk-versions.ts';
import { blobToVector, fromJson, fromNullable, toJson, toNullable, vectorToBlob } from './encode-columns.ts';
import { isUniqueViolation } from './is-constraint-error.ts';
import type { SqliteDatabase } from './open-database.ts';
import type { VectorIndex } from './vector-index.ts';

interface DocumentRow {
  installation_id: string;
  id: string;
  inbox_id: number | null;
  source: string;
  title: string;
  content_hash: string;
  language: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
}

interface ChunkRow {
  installation_id: string;
  id: string;
  document_id: string;
  inbox_id: number | null;
  language: string | null;
  ordinal: number;
  heading: string | null;
  text: string;
  content_hash: string;
  embedder_id: string;
  dims: number;
  vector: Buffer;
}

function documentFromRow(row: DocumentRow): KbDocumentRecord {
  return dropUndefined({
    id: row.id,
    installationId: row.installation_id,
    inboxId: fromNullable(row.inbox_id),
    source: row.source,
    title: row.title,
    contentHash: row.content_hash,
    language: fromNullable(row.language),
    metadata: fromJson<Record<string, unknown>>(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function chunkFromRow(row: ChunkRow): KbChunkRecord {
  return dropUndefined({
    id: row.id,
    documentId: row.document_id,
    installationId: row.installation_id,
    inboxId: fromNullable(row.inbox_id),
    language: fromNullable(row.language),
    ordinal: row.ordinal,
    heading: fromNullable(row.heading),
    text: row.text,
    contentHash: row.content_hash,
    embedderId: row.embedder_id,
    vector: blobToVector(row.vector),
  });
}

export interface KnowledgeRepoDeps {
  versions: ChunkVersions;
  vectors: VectorIndex;
}

/**
 * Knowledge-base documents and chunks in SQLite. Chunks reference their
 * document with ON DELETE CASCADE; every chunk write bumps the installation's
 * chunk version so in-memory vector indexes rebuild.
 */
export function createKnowledgeRepo(db: SqliteDatabase, deps: KnowledgeRepoDeps): KnowledgeStore {
  const { versions, vectors } = deps;
  const writeDocument = db.prepare(`INSERT INTO kb_documents
    (installation_id, id, inbox_id, source, title, content_hash, language, metadata, created_at, updated_at)
    VALUES (@installation_id, @id, @inbox_id, @source, @title, @content_hash, @language, @metadata, @now, @now)
    ON CONFLICT (installation_id, id) DO UPDATE SET
      inbox_id = excluded.inbox_id, source = excluded.source, title = excluded.title,
      content_hash = excluded.content_hash, language = excluded.language, metadata = excluded.metadata,
      updated_at = excluded.updated_at`);
  const documentById = db.prepare<[string, string], DocumentRow>(
    'SELECT * FROM kb_documents WHERE installation_id = ? AND id = ?',
  );
  const documentBySource = db.prepare<[string, string], DocumentRow>(
    'SELECT * FROM kb_documents WHERE installation_id = ? AND source = ?',
  );
  const documents = db.prepare<[string], DocumentRow>(
    'SELECT * FROM kb_documents WHERE installation_id = ? ORDER BY created_at, id',
  );
  const removeDocument = db.prepare('DELETE FROM kb_documents WHERE installation_id = ? AND id = ?');
  const removeChunks = db.prepare('DELETE FROM kb_chunks WHERE installation_id = ? AND document_id = ?');
  const insertChunk = db.prepare(`INSERT INTO kb_chunks
    (installation_id, id, document_id, inbox_id, language, ordinal, heading, text, content_hash, embedder_id, dims, vector)
    VALUES (@installation_id, @id, @document_id, @inbox_id, @language, @ordinal, @heading, @text, @content_hash,
      @embedder_id, @dims, @vector)`);
  const chunksOfDocument = db.prepare<[string, string], ChunkRow>(
    'SELECT * FROM kb_chunks WHERE installation_id = ? AND document_id = ? ORDER BY ordinal, id',
  );
  const chunksOfInstallation = db.prepare<[string], ChunkRow>(
    'SELECT * FROM kb_chunks WHERE installation_id = ? ORDER BY document_id, ordinal, id',
  );
  // json_each keeps this one statement whatever the number of hashes (no bound-parameter limit).
  const chunksByHash = db.prepare<[string, string, string], ChunkRow>(
    `SELECT * FROM kb_chunks WHERE installation_id = ? AND embedder_id = ?
       AND content_hash IN (SELECT value FROM json_each(?)) ORDER BY document_id, ordinal, id`,
  );
  const chunksById = db.prepare<[string, string], ChunkRow>(
    'SELECT * FROM kb_chunks WHERE installation_id = ? AND id IN (SELECT value FROM json_each(?))',
  );
  const chunkCount = db.prepare<[string], { n: number }>(
    'SELECT count(*) AS n FROM kb_chunks WHERE installation_id = ?',
  );

  const upsertDocument = db.transaction((record: Omit<KbDocumentRecord, 'createdAt' | 'updatedAt'>) => {
    writeDocument.run({
      installation_id: record.installationId,
      id: record.id,
      inbox_id: toNullable(record.inboxId),
      source: record.source,
      title: record.title,
      content_hash: record.contentHash,
      language: toNullable(record.language),
      metadata: toJson(record.metadata),
      now: new Date().toISOString(),
    });
    return documentFromRow(documentById.get(record.installationId, record.id) as DocumentRow);
  });

  const deleteDocument = db.transaction((installationId: string, id: string) => {
    if (removeDocument.run(installationId, id).changes > 0) versions.bump(installationId);
  });

  const replaceChunks = db.transaction(
    (installationId: string, documentId: string, chunks: KbChunkRecord[]) => {
      if (!documentById.get(installationId, documentId))
        throw recordNotFound('document', installationId, documentId);
      removeChunks.run(installationId, documentId);
      for (const chunk of chunks) {
        insertChunk.run({
          installation_id: installationId,
          id: chunk.id,
          document_id: documentId,
          inbox_id: toNullable(chunk.inboxId),
          language: toNullable(chunk.language),
          ordinal: chunk.ordinal,
          heading: toNullable(chunk.heading),
          text: chunk.text,
          content_hash: chunk.contentHash,
          embedder_id: chunk.embedderId,
          dims: chunk.vector.length,
          vector: vectorToBlob(chunk.vector),
        });
      }
      versions.bump(installationId);
    },
  );

  const search = db.transaction((query: Parameters<KnowledgeStore['vectorSearch']>[0]) => {
    const hits = vectors.search(query);
    if (hits.length === 0) return [];
    const rows = chunksById.all(query.installationId, JSON.stringify(hits.map((hit) => hit.id)));
    const byId = new Map(rows.map((row) => [row.id, row]));
    return hits.flatMap((hit) => {
      const row = byId.get(hit.id);
      return row ? [{ chunk: chunkFromRow(row), score: hit.score }] : [];
    });
  });

  return {
    async upsertDocument(record) {
      try {
        return upsertDocument.immediate(record);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw recordConflict(
            `another document of installation ${record.installationId} has source ${record.source}`,
          );
        }
        throw error;
      }
    },
    async getDocument(installationId, id) {
      const row = documentById.get(installationId, id);
      return row ? documentFromRow(row) : undefined;
    },
    async findDocumentBySource(installationId, source) {
      const row = documentBySource.get(installationId, source);
      return row ? documentFromRow(row) : undefined;
    },
    async listDocuments(installationId) {
      return documents.all(installationId).map(documentFromRow);
    },
    async deleteDocument(installationId, id) {
      deleteDocument.immediate(installationId, id);
      vectors.invalidate(installationId);
    },
    async replaceChunks(installationId, documentId, chunks) {
      for (const chunk of chunks) {
        if (chunk.installationId !== installationId || chunk.documentId !== documentId) {
          throw invalidRecord(
            `chunk ${chunk.id} belongs to ${chunk.installationId}/${chunk.documentId}, not ${installationId}/${documentId}`,
          );
        }
      }
      try {
        replaceChunks.immediate(installationId, documentId, chunks);
      } catch (error) {
        if (isUniqueViolation(error))
          throw recordConflict(
            `a chunk id of document ${documentId} is already used in installation ${installationId}`,
          );
        throw error;
      }
      vectors.invalidate(installationId);
    },
    async listChunks(installationId, documentId) {
      const rows =
        documentId === undefined
          ? chunksOfInstallation.all(installationId)
          : chunksOfDocument.all(installationId, documentId);
      return rows.map(chunkFromRow);
    },
    async findChunksByHash(installationId, hashes, embedderId) {
      if (hashes.length === 0) return [];
      return chunksByHash.all(installationId, embedderId, JSON.stringify(hashes)).map(chunkFromRow);
    },
    async countChunks(installationId) {
      return chunkCount.get(installationId)?.n ?? 0;
    },
    async vectorSearch(query) {
      return search(query);
    },
  };
}
