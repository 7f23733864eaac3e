import type { KbDocumentRecord, KnowledgeStore } from '../store.ts';
import { invalidRecord, recordConflict, recordNotFound } from '../store-errors.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import { chunkFromDoc, chunkToDoc } from './chunk-document.ts';
import type { KbChunkDoc, KbDocumentDoc, StoreModels } from './models.ts';
import { retryOnDuplicate } from './retry-on-duplicate.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';
import { unsetFields } from './unset-fields.ts';
import type { MongoVectorSearch } from './vector-search.ts';

const documentFromDoc = (doc: KbDocumentDoc): KbDocumentRecord => stripMongoFields(doc);

/**
 * Knowledge-base documents and chunks in MongoDB. Vectors are stored as plain
 * number arrays (what Atlas indexes). Without multi-document transactions a
 * `replaceChunks` is delete-then-insert: a concurrent search may briefly see
 * the document without chunks, never a mix of old and new.
 */
export function createKnowledgeRepo(models: StoreModels, vectors: MongoVectorSearch): KnowledgeStore {
  const { kbDocuments, kbChunks } = models;
  return {
    async upsertDocument(record) {
      const now = new Date().toISOString();
      const set: Partial<KbDocumentDoc> = {
        source: record.source,
        title: record.title,
        contentHash: record.contentHash,
        metadata: record.metadata,
        updatedAt: now,
      };
      if (record.inboxId !== undefined) set.inboxId = record.inboxId;
      if (record.language !== undefined) set.language = record.language;
      const unset = [
        record.inboxId === undefined ? 'inboxId' : null,
        record.language === undefined ? 'language' : null,
      ];
      try {
        const doc = await retryOnDuplicate(() =>
          kbDocuments
            .findOneAndUpdate(
              { installationId: record.installationId, id: record.id },
              {
                $set: set,
                $setOnInsert: { createdAt: now },
                ...unsetFields(unset.filter((key) => key !== null)),
              },
              { upsert: true, returnDocument: 'after' },
            )
            .lean<KbDocumentDoc>(),
        );
        return documentFromDoc(doc as KbDocumentDoc);
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw recordConflict(
            `another document of installation ${record.installationId} has source ${record.source}`,
          );
        }
        throw error;
      }
    },
    async getDocument(installationId, id) {
      const doc = await kbDocuments.findOne({ installationId, id }).lean<KbDocumentDoc>();
      return doc ? documentFromDoc(doc) : undefined;
    },
    async findDocumentBySource(installationId, source) {
      const doc = await kbDocuments.findOne({ installationId, source }).lean<KbDocumentDoc>();
      return doc ? documentFromDoc(doc) : undefined;
    },
    async listDocuments(installationId) {
      const docs = await kbDocuments
        .find({ installationId })
        .sort({ createdAt: 1, id: 1 })
        .lean<KbDocumentDoc[]>();
      return docs.map(documentFromDoc);
    },
    async deleteDocument(installationId, id) {
      await kbDocuments.deleteOne({ installationId, id });
      await kbChunks.deleteMany({ installationId, documentId: id });
    },
    async replaceChunks(installationId, documentId, chunks) {
      for (const chunk of chunks) {
        if (chunk.installationId !== installationId || chunk.documentId !== documentId) {
          throw invalidRecord(
            `chunk ${chunk.id} belongs to ${chunk.installationId}/${chunk.documentId}, not ${installationId}/${documentId}`,
          );
        }
      }
      if (!(await kbDocuments.exists({ installationId, id: documentId }))) {
        throw recordNotFound('document', installationId, documentId);
      }
      // Check id clashes first so a rejected replacement leaves the old chunks in place (as the SQLite transaction does).
      const ids = chunks.map((chunk) => chunk.id);
      if (
        new Set(ids).size !== ids.length ||
        (await kbChunks.exists({ installationId, id: { $in: ids }, documentId: { $ne: documentId } }))
      ) {
        throw recordConflict(
          `a chunk id of document ${documentId} is already used in installation ${installationId}`,
        );
      }
      await kbChunks.deleteMany({ installationId, documentId });
      if (chunks.length === 0) return;
      try {
        await kbChunks.insertMany(chunks.map(chunkToDoc), { ordered: true, lean: true });
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw recordConflict(
            `a chunk id of document ${documentId} is already used in installation ${installationId}`,
          );
        }
        throw error;
      }
    },
    async listChunks(installationId, documentId) {
      const filter = documentId === undefined ? { installationId } : { installationId, documentId };
      const docs = await kbChunks
        .find(filter)
        .sort({ documentId: 1, ordinal: 1, id: 1 })
        .lean<KbChunkDoc[]>();
      return docs.map(chunkFromDoc);
    },
    async findChunksByHash(installationId, hashes, embedderId) {
      if (hashes.length === 0) return [];
      const docs = await kbChunks
        .find({ installationId, embedderId, contentHash: { $in: hashes } })
        .sort({ documentId: 1, ordinal: 1, id: 1 })
        .lean<KbChunkDoc[]>();
      return docs.map(chunkFromDoc);
    },
    async countChunks(installationId) {
      return kbChunks.countDocuments({ installationId });
    },
    async vectorSearch(query) {
      const docs = await vectors.search(query);
      return docs.map(({ score, ...doc }) => ({ chunk: chunkFromDoc(doc), score }));
    },
  };
}
