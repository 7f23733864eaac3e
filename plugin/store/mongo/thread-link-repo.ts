import type { ThreadLinkRecord, ThreadLinkStore } from '../store.ts';
import type { StoreModels, ThreadLinkDoc } from './models.ts';
import { retryOnDuplicate } from './retry-on-duplicate.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

const fromDoc = (doc: ThreadLinkDoc): ThreadLinkRecord => stripMongoFields(doc);

/** Channel thread ↔ Chatwoot conversation links in MongoDB, keyed by (installation, channel, thread key). */
export function createThreadLinkRepo(models: StoreModels): ThreadLinkStore {
  const { threadLinks } = models;
  return {
    async get(installationId, channel, threadKey) {
      const doc = await threadLinks.findOne({ installationId, channel, threadKey }).lean<ThreadLinkDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async findByConversation(installationId, conversationId) {
      const doc = await threadLinks
        .findOne({ installationId, conversationId })
        .sort({ updatedAt: -1, _id: -1 })
        .lean<ThreadLinkDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async upsert(record) {
      const now = new Date().toISOString();
      const doc = await retryOnDuplicate(() =>
        threadLinks
          .findOneAndUpdate(
            { installationId: record.installationId, channel: record.channel, threadKey: record.threadKey },
            {
              $set: {
                conversationId: record.conversationId,
                contactId: record.contactId,
                sourceId: record.sourceId,
                address: record.address,
                updatedAt: now,
              },
              $setOnInsert: { createdAt: now },
            },
            { upsert: true, returnDocument: 'after' },
          )
          .lean<ThreadLinkDoc>(),
      );
      return fromDoc(doc as ThreadLinkDoc);
    },
    async reassignContact(installationId, fromContactId, toContactId) {
      await threadLinks.updateMany(
        { installationId, contactId: fromContactId },
        { $set: { contactId: toContactId, updatedAt: new Date().toISOString() } },
      );
    },
  };
}
