import { normalizeAggregateQuery } from '../normalize-aggregate-query.ts';
import { normalizeTime } from '../normalize-time.ts';
import { runAnalyticsPipelines } from './build-analytics-pipelines.ts';
import type { AnalyticsEventRecord, AnalyticsStore } from '../store.ts';
import type { AnalyticsEventDoc, StoreModels } from './models.ts';
import { stripMongoFields } from './strip-mongo-fields.ts';

const fromDoc = (doc: AnalyticsEventDoc): AnalyticsEventRecord => stripMongoFields(doc);

const toDoc = (event: AnalyticsEventRecord): AnalyticsEventDoc =>
  stripMongoFields({ ...event, at: normalizeTime(event.at, 'analytics event at') });

/** Analytics events in MongoDB; `at` is normalised UTC ISO-8601 so string ranges are time ranges. */
export function createAnalyticsRepo(models: StoreModels): AnalyticsStore {
  const { analyticsEvents } = models;
  return {
    async record(event) {
      await analyticsEvents.insertMany([toDoc(event)], { lean: true });
    },
    async recordMany(events) {
      if (events.length === 0) return;
      await analyticsEvents.insertMany(events.map(toDoc), { ordered: true, lean: true });
    },
    async list(query) {
      const filter: Record<string, unknown> = {
        installationId: query.installationId,
        at: { $gte: normalizeTime(query.from, 'from'), $lt: normalizeTime(query.to, 'to') },
      };
      if (query.types !== undefined) filter.type = { $in: query.types };
      const docs = await analyticsEvents.find(filter).sort({ at: 1, _id: 1 }).lean<AnalyticsEventDoc[]>();
      return docs.map(fromDoc);
    },
    async aggregate(query) {
      return runAnalyticsPipelines(normalizeAggregateQuery(query), (pipeline) =>
        analyticsEvents
          .aggregate(pipeline as never[])
          .allowDiskUse(true)
          .exec(),
      );
    },
  };
}
