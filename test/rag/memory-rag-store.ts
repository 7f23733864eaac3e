import type {
  KbChunkRecord,
  KbDocumentRecord,
  KeyValueStore,
  KnowledgeStore,
  VectorHit,
  VectorQuery,
} from '../../plugin/store/store.ts';
import { notAnInteger } from '../../plugin/store/store-errors.ts';
import type { RagStore } from '../../rag/rag-store.ts';

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

const copyChunk = (chunk: KbChunkRecord): KbChunkRecord => ({
  ...chunk,
  vector: Float32Array.from(chunk.vector),
});

/**
 * An in-memory KnowledgeStore + KeyValueStore that follows the storage port's
 * contract (records copied in and out, unique source per installation, exact
 * cosine search with the same scope rules as the SQLite adapter: other
 * inboxes' chunks excluded, unscoped kept; language must match exactly).
 */
export class MemoryRagStore implements RagStore {
  readonly documents = new Map<string, KbDocumentRecord>();
  readonly chunks = new Map<string, KbChunkRecord[]>();
  private readonly values = new Map<string, string>();
  private clock = 0;

  private key(installationId: string, id: string): string {
    return `${installationId}\u0000${id}`;
  }

  private now(): string {
    return new Date(Date.UTC(2025, 0, 1) + this.clock++).toISOString();
  }

  readonly knowledge: KnowledgeStore = {
    upsertDocument: async (record) => {
      for (const doc of this.documents.values()) {
        if (
          doc.installationId === record.installationId &&
          doc.source === record.source &&
          doc.id !== record.id
        ) {
          throw new Error(
            `another document of installation ${record.installationId} has source ${record.source}`,
          );
        }
      }
      const key = this.key(record.installationId, record.id);
      const existing = this.documents.get(key);
      const now = this.now();
      const stored: KbDocumentRecord = {
        ...record,
        metadata: { ...record.metadata },
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      this.documents.set(key, stored);
      return { ...stored };
    },
    getDocument: async (installationId, id) => {
      const doc = this.documents.get(this.key(installationId, id));
      return doc && { ...doc };
    },
    findDocumentBySource: async (installationId, source) => {
      for (const doc of this.documents.values()) {
        if (doc.installationId === installationId && doc.source === source) return { ...doc };
      }
      return undefined;
    },
    listDocuments: async (installationId) =>
      [...this.documents.values()]
        .filter((doc) => doc.installationId === installationId)
        .map((doc) => ({ ...doc })),
    deleteDocument: async (installationId, id) => {
      this.documents.delete(this.key(installationId, id));
      this.chunks.delete(this.key(installationId, id));
    },
    replaceChunks: async (installationId, documentId, chunks) => {
      for (const chunk of chunks) {
        if (chunk.installationId !== installationId || chunk.documentId !== documentId) {
          throw new Error(`chunk ${chunk.id} belongs to another document`);
        }
      }
      this.chunks.set(this.key(installationId, documentId), chunks.map(copyChunk));
    },
    listChunks: async (installationId, documentId) => this.all(installationId, documentId).map(copyChunk),
    findChunksByHash: async (installationId, hashes, embedderId) => {
      const wanted = new Set(hashes);
      return this.all(installationId)
        .filter((chunk) => chunk.embedderId === embedderId && wanted.has(chunk.contentHash))
        .map(copyChunk);
    },
    countChunks: async (installationId) => this.all(installationId).length,
    vectorSearch: async (query: VectorQuery): Promise<VectorHit[]> => {
      const hits: VectorHit[] = [];
      for (const chunk of this.all(query.installationId)) {
        if (chunk.embedderId !== query.embedderId || chunk.vector.length !== query.vector.length) continue;
        if (query.inboxId !== undefined && chunk.inboxId !== undefined && chunk.inboxId !== query.inboxId)
          continue;
        if (query.language !== undefined && chunk.language !== query.language) continue;
        hits.push({ chunk, score: cosine(chunk.vector, query.vector) });
      }
      hits.sort((a, b) => b.score - a.score);
      return hits
        .slice(0, Math.max(0, query.topK))
        .map((hit) => ({ chunk: copyChunk(hit.chunk), score: hit.score }));
    },
  };

  readonly kv: KeyValueStore = {
    get: async <T>(namespace: string, key: string) => {
      const value = this.values.get(this.key(namespace, key));
      return value === undefined ? undefined : (JSON.parse(value) as T);
    },
    set: async <T>(namespace: string, key: string, value: T) => {
      if (value === undefined) this.values.delete(this.key(namespace, key));
      else this.values.set(this.key(namespace, key), JSON.stringify(value));
    },
    delete: async (namespace, key) => {
      this.values.delete(this.key(namespace, key));
    },
    increment: async (namespace, key) => {
      const stored = this.values.get(this.key(namespace, key));
      const current: unknown = stored === undefined ? 0 : JSON.parse(stored);
      if (!Number.isInteger(current)) throw notAnInteger(namespace, key);
      const next = (current as number) + 1;
      this.values.set(this.key(namespace, key), JSON.stringify(next));
      return next;
    },
  };

  private all(installationId: string, documentId?: string): KbChunkRecord[] {
    if (documentId !== undefined) return this.chunks.get(this.key(installationId, documentId)) ?? [];
    const prefix = `${installationId}\u0000`;
    return [...this.chunks.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .flatMap(([, chunks]) => chunks)
      .sort((a, b) =>
        a.documentId === b.documentId ? a.ordinal - b.ordinal : a.documentId < b.documentId ? -1 : 1,
      );
  }
}
