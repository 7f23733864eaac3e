import type { MessageLinkRecord, MessageLinkStore } from '../store.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { MessageLinkDoc, StoreModels } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

const fromDoc = (doc: MessageLinkDoc): MessageLinkRecord => stripMongoFields(doc);

/** Channel message ↔ Chatwoot message links in MongoDB; the unique index drops redeliveries. */
export function createMessageLinkRepo(models: StoreModels): MessageLinkStore {
  const { messageLinks } = models;
  return {
    async insert(record) {
      try {
        await messageLinks.create({ ...record, createdAt: new Date().toISOString() });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async byChannelMessage(installationId, channel, channelMessageId) {
      const doc = await messageLinks
        .findOne({ installationId, channel, channelMessageId })
        .lean<MessageLinkDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async byChatwootMessage(installationId, chatwootMessageId) {
      const doc = await messageLinks
        .findOne({ installationId, chatwootMessageId })
        .sort({ _id: 1 })
        .lean<MessageLinkDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
  };
}
