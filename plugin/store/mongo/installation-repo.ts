import { dropUndefined } from '../drop-undefined.ts';
import { INSTALLATION_CLEARABLE } from '../clearable-fields.ts';
import { splitPatch } from '../apply-patch.ts';
import type { InstallationRecord, InstallationStore } from '../store.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { InstallationDoc, StoreModels } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';
import { unsetFields } from './unset-fields.ts';

function fromDoc(doc: InstallationDoc): InstallationRecord {
  const { _id, ...rest } = doc;
  return { id: _id, ...stripMongoFields(rest) };
}

/** Installations in MongoDB; the installation id is the document `_id`. */
export function createInstallationRepo(models: StoreModels): InstallationStore {
  const { installations } = models;
  return {
    async create(record) {
      const now = new Date().toISOString();
      const { id, ...rest } = record;
      const full: InstallationRecord = { ...record, createdAt: now, updatedAt: now };
      try {
        await installations.create({ _id: id, ...rest, createdAt: now, updatedAt: now });
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw recordConflict(
            `installation ${id} already exists or account ${record.accountId} at ${record.chatwootUrl} already has an active installation`,
          );
        }
        throw error;
      }
      return dropUndefined(full);
    },
    async get(id) {
      const doc = await installations.findById(id).lean<InstallationDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async findByAccount(chatwootUrl, accountId) {
      const doc = await installations
        .findOne({ chatwootUrl, accountId, status: 'active' })
        .lean<InstallationDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async list() {
      const docs = await installations.find().sort({ createdAt: 1, _id: 1 }).lean<InstallationDoc[]>();
      return docs.map(fromDoc);
    },
    async update(id, patch) {
      const { set, unset } = splitPatch<InstallationRecord>(patch, INSTALLATION_CLEARABLE);
      delete set.id;
      delete set.createdAt;
      set.updatedAt = patch.updatedAt ?? new Date().toISOString();
      let doc: InstallationDoc | null;
      try {
        doc = await installations
          .findOneAndUpdate({ _id: id }, { $set: set, ...unsetFields(unset) }, { returnDocument: 'after' })
          .lean<InstallationDoc>();
      } catch (error) {
        if (isDuplicateKey(error)) {
          throw recordConflict(
            `installation ${id} cannot become active: its account already has an active installation`,
          );
        }
        throw error;
      }
      if (!doc) throw recordNotFound('installation', id, id);
      return fromDoc(doc);
    },
    async delete(id) {
      await installations.deleteOne({ _id: id });
    },
  };
}
