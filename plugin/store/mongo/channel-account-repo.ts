import { randomUUID } from 'node:crypto';
import type { ChannelAccountRecord, ChannelAccountStore } from '../store.ts';
import { recordConflict } from '../store-errors.ts';
import { isDuplicateKey } from './is-duplicate-key.ts';
import type { ChannelAccountDoc, StoreModels } from './models.ts';
import { retryOnDuplicate } from './retry-on-duplicate.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';
import { unsetFields } from './unset-fields.ts';

const fromDoc = (doc: ChannelAccountDoc): ChannelAccountRecord => stripMongoFields(doc);

/**
 * Channel accounts in MongoDB, one per (installation, channel). Same upsert
 * rule as SQLite: every field is replaced except the id, `createdAt` and, when
 * not given, `lastInboundAt`.
 */
export function createChannelAccountRepo(models: StoreModels): ChannelAccountStore {
  const { channelAccounts } = models;
  return {
    async upsert(record) {
      const now = new Date().toISOString();
      const set: Partial<ChannelAccountDoc> = {
        config: record.config,
        credentialsCiphertext: record.credentialsCiphertext,
        updatedAt: now,
      };
      if (record.inboxId !== undefined) set.inboxId = record.inboxId;
      if (record.lastInboundAt !== undefined) set.lastInboundAt = record.lastInboundAt;
      try {
        const doc = await retryOnDuplicate(() =>
          channelAccounts
            .findOneAndUpdate(
              { installationId: record.installationId, channel: record.channel },
              {
                $set: set,
                $setOnInsert: { id: record.id ?? randomUUID(), createdAt: now },
                ...unsetFields(record.inboxId === undefined ? ['inboxId'] : []),
              },
              { upsert: true, returnDocument: 'after' },
            )
            .lean<ChannelAccountDoc>(),
        );
        return fromDoc(doc as ChannelAccountDoc);
      } catch (error) {
        if (isDuplicateKey(error))
          throw recordConflict(`channel account id ${record.id} is already used by another channel`);
        throw error;
      }
    },
    async get(installationId, channel) {
      const doc = await channelAccounts.findOne({ installationId, channel }).lean<ChannelAccountDoc>();
      return doc ? fromDoc(doc) : undefined;
    },
    async list(installationId) {
      const docs = await channelAccounts
        .find({ installationId })
        .sort({ channel: 1 })
        .lean<ChannelAccountDoc[]>();
      return docs.map(fromDoc);
    },
    async touchInbound(installationId, channel, at) {
      await channelAccounts.updateOne({ installationId, channel }, { $set: { lastInboundAt: at } });
    },
    async delete(installationId, channel) {
      await channelAccounts.deleteOne({ installationId, channel });
    },
  };
}
