import { dropUndefined } from '../drop-undefined.ts';
import type { MergeSuggestionRecord, MergeSuggestionStore } from '../store.ts';
import { recordConflict, recordNotFound } from '../store-errors.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { MergeSuggestionDoc, StoreModels } from './models.ts';

function fromDoc(doc: MergeSuggestionDoc): MergeSuggestionRecord {
  const record: MergeSuggestionRecord = {
    id: doc.id,
    installationId: doc.installationId,
    contactId: doc.contactId,
    otherContactId: doc.otherContactId,
    identifier: { type: doc.identifierType, value: doc.identifierValue },
    reason: doc.reason,
    status: doc.status,
    createdAt: doc.createdAt,
  };
  if (doc.resolvedAt !== undefined && doc.resolvedAt !== null) record.resolvedAt = doc.resolvedAt;
  return record;
}

/**
 * Contact-merge suggestions in MongoDB; the unordered contact pair plus the
 * identifier is unique, as in SQLite.
 */
export function createMergeSuggestionRepo(models: StoreModels): MergeSuggestionStore {
  const { mergeSuggestions } = models;
  return {
    async createIfAbsent(record) {
      const pair = {
        installationId: record.installationId,
        contactLow: Math.min(record.contactId, record.otherContactId),
        contactHigh: Math.max(record.contactId, record.otherContactId),
        identifierType: record.identifier.type,
        identifierValue: record.identifier.value,
      };
      const doc: MergeSuggestionDoc = {
        ...pair,
        id: record.id,
        contactId: record.contactId,
        otherContactId: record.otherContactId,
        reason: record.reason,
        status: record.status,
        createdAt: record.createdAt,
      };
      if (record.resolvedAt !== undefined) doc.resolvedAt = record.resolvedAt;
      try {
        await mergeSuggestions.create(doc);
        return { record: dropUndefined({ ...record }), created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await mergeSuggestions.findOne(pair).lean<MergeSuggestionDoc>();
      if (!existing)
        throw recordConflict(`merge suggestion id ${record.id} is already used by another suggestion`);
      return { record: fromDoc(existing), created: false };
    },
    async get(installationId, id) {
      const doc = await mergeSuggestions.findOne({ installationId, id }).lean<MergeSuggestionDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async listForContact(installationId, contactId, status) {
      const filter: Record<string, unknown> = {
        installationId,
        $or: [{ contactId }, { otherContactId: contactId }],
      };
      if (status !== undefined) filter.status = status;
      const docs = await mergeSuggestions
        .find(filter)
        .sort({ createdAt: 1, _id: 1 })
        .lean<MergeSuggestionDoc[]>();
      return docs.map(fromDoc);
    },
    async setStatus(installationId, id, status) {
      const update =
        status === 'pending'
          ? { $set: { status }, $unset: { resolvedAt: 1 } }
          : { $set: { status, resolvedAt: new Date().toISOString() } };
      const doc = await mergeSuggestions
        .findOneAndUpdate({ installationId, id }, update, { returnDocument: 'after' })
        .lean<MergeSuggestionDoc>();
      if (!doc) throw recordNotFound('merge suggestion', installationId, id);
      return fromDoc(doc);
    },
  };
}
