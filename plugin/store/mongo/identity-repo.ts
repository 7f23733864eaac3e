import type { IdentityRecord, IdentityStore } from '../store.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { IdentityDoc, StoreModels } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

const fromDoc = (doc: IdentityDoc): IdentityRecord => stripMongoFields(doc);

/**
 * Contact identifiers in MongoDB. The unique index (installation, type,
 * value, contact) makes `add` idempotent; only claimed → verified changes an
 * existing document.
 */
export function createIdentityRepo(models: StoreModels): IdentityStore {
  const { identities } = models;
  return {
    async add(record) {
      const key = {
        installationId: record.installationId,
        type: record.type,
        value: record.value,
        contactId: record.contactId,
      };
      const insert: Partial<IdentityDoc> = { verified: record.verified, createdAt: new Date().toISOString() };
      if (record.source !== undefined) insert.source = record.source;
      try {
        const inserted = await identities.updateOne(key, { $setOnInsert: insert }, { upsert: true });
        if (inserted.upsertedCount === 1) return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      if (!record.verified) return false;
      const upgrade: Partial<IdentityDoc> = { verified: true };
      if (record.source !== undefined) upgrade.source = record.source;
      const upgraded = await identities.updateOne({ ...key, verified: false }, { $set: upgrade });
      return upgraded.modifiedCount === 1;
    },
    async listForContact(installationId, contactId) {
      const docs = await identities
        .find({ installationId, contactId })
        .sort({ _id: 1 })
        .lean<IdentityDoc[]>();
      return docs.map(fromDoc);
    },
    async findByValue(installationId, type, value) {
      const docs = await identities
        .find({ installationId, type, value })
        .sort({ _id: 1 })
        .lean<IdentityDoc[]>();
      return docs.map(fromDoc);
    },
    async reassignContact(installationId, fromContactId, toContactId) {
      if (fromContactId === toContactId) return;
      const moving = await identities
        .find({ installationId, contactId: fromContactId })
        .lean<IdentityDoc[]>();
      for (const doc of moving) {
        const target = { installationId, type: doc.type, value: doc.value, contactId: toContactId };
        // The target may hold the same identifier already: keep its document (verified if either was).
        const existing = await identities.findOne(target).lean<IdentityDoc>();
        if (existing) {
          if (doc.verified && !existing.verified)
            await identities.updateOne(target, { $set: { verified: true } });
          await identities.deleteOne({ ...target, contactId: fromContactId });
          continue;
        }
        try {
          await identities.updateOne(
            { ...target, contactId: fromContactId },
            { $set: { contactId: toContactId } },
          );
        } catch (error) {
          // Lost a race with a concurrent add on the target: the identifier is there, drop the source copy.
          if (!isDuplicateKey(error)) throw error;
          await identities.deleteOne({ ...target, contactId: fromContactId });
        }
      }
    },
  };
}
