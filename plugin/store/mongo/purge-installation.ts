import { installationNamespaceBounds } from '../installation-namespace.ts';
import type { StoreModels } from './models.ts';

/**
 * Deletes everything of one installation from every collection, plus its
 * idempotency claims and key/value entries (by the `<installationId>[:...]`
 * naming convention). Without a transaction the deletes run one by one; the
 * installation record goes last so an interrupted purge can be repeated.
 */
export async function purgeInstallation(models: StoreModels, installationId: string): Promise<void> {
  const tenantCollections: Array<{ deleteMany(filter: { installationId: string }): PromiseLike<unknown> }> = [
    models.kbChunks,
    models.kbDocuments,
    models.channelAccounts,
    models.identities,
    models.threadLinks,
    models.messageLinks,
    models.suggestions,
    models.mergeSuggestions,
    models.audit,
    models.analyticsEvents,
  ];
  for (const model of tenantCollections) await model.deleteMany({ installationId });
  const { exact, from, to } = installationNamespaceBounds(installationId);
  await models.idempotencyClaims.deleteMany({ $or: [{ scope: exact }, { scope: { $gte: from, $lt: to } }] });
  await models.keyValues.deleteMany({ $or: [{ namespace: exact }, { namespace: { $gte: from, $lt: to } }] });
  await models.installations.deleteOne({ _id: installationId });
}
