import { dropUndefined } from '../drop-undefined.ts';
import { splitPatch } from '../apply-patch.ts';
import { SUGGESTION_CLEARABLE } from '../clearable-fields.ts';
import type { SuggestionRecord, SuggestionStore } from '../store.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { StoreModels, SuggestionDoc } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';
import { unsetFields } from './unset-fields.ts';

const fromDoc = (doc: SuggestionDoc): SuggestionRecord => stripMongoFields(doc);

/** Default page size of `listForConversation` (same as SQLite). */
const DEFAULT_SUGGESTION_LIMIT = 50;

/** AI reply suggestions in MongoDB, newest first per conversation. */
export function createSuggestionRepo(models: StoreModels): SuggestionStore {
  const { suggestions } = models;
  return {
    async create(record) {
      try {
        await suggestions.create(record);
      } catch (error) {
        if (isDuplicateKey(error)) throw recordConflict(`suggestion ${record.id} already exists`);
        throw error;
      }
      return dropUndefined({ ...record });
    },
    async get(installationId, id) {
      const doc = await suggestions.findOne({ installationId, id }).lean<SuggestionDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async listForConversation(installationId, conversationId, limit = DEFAULT_SUGGESTION_LIMIT) {
      const docs = await suggestions
        .find({ installationId, conversationId })
        .sort({ createdAt: -1, _id: -1 })
        .limit(limit)
        .lean<SuggestionDoc[]>();
      return docs.map(fromDoc);
    },
    async update(installationId, id, patch) {
      const { set, unset } = splitPatch<SuggestionRecord>(patch, SUGGESTION_CLEARABLE);
      delete set.id;
      delete set.installationId;
      const doc = await suggestions
        .findOneAndUpdate(
          { installationId, id },
          { $set: set, ...unsetFields(unset) },
          { returnDocument: 'after' },
        )
        .lean<SuggestionDoc>();
      if (!doc) throw recordNotFound('suggestion', installationId, id);
      return fromDoc(doc);
    },
  };
}
