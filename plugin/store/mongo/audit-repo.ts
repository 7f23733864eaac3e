import type { AuditRecord, AuditStore } from '../store.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { AuditDoc, StoreModels } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

const fromDoc = (doc: AuditDoc): AuditRecord => stripMongoFields(doc);

/** Default page size of `list` (same as SQLite). */
const DEFAULT_AUDIT_LIMIT = 100;

/** The audit trail in MongoDB; appending an existing id is a no-op (retried jobs). */
export function createAuditRepo(models: StoreModels): AuditStore {
  const { audit } = models;
  return {
    async append(record) {
      const { installationId, id, ...rest } = record;
      await audit
        .updateOne({ installationId, id }, { $setOnInsert: rest }, { upsert: true })
        .catch((error: unknown) => {
          // A concurrent append of the same id won the insert: nothing left to do.
          if (!isDuplicateKey(error)) throw error;
        });
    },
    async list(installationId, limit = DEFAULT_AUDIT_LIMIT) {
      const docs = await audit
        .find({ installationId })
        .sort({ at: -1, _id: -1 })
        .limit(limit)
        .lean<AuditDoc[]>();
      return docs.map(fromDoc);
    },
  };
}
