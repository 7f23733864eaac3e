/**
 * The MongoDB adapter's `analytics.aggregate` is a set of aggregation
 * pipelines. With no MongoDB server here, mingo (an independent
 * implementation of the aggregation language) evaluates them over documents
 * in the stored shape, and the result is compared with the in-memory
 * reference the SQLite adapter is checked against too.
 */
import assert from 'node:assert/strict';
import { aggregate } from 'mingo';
import { aggregateAnalyticsEvents } from '../../plugin/store/aggregate-analytics-events.ts';
import { runAnalyticsPipelines } from '../../plugin/store/mongo/build-analytics-pipelines.ts';
import { normalizeAggregateQuery } from '../../plugin/store/normalize-aggregate-query.ts';
import type {
  AnalyticsAggregateQuery,
  AnalyticsAggregateResult,
  AnalyticsEventRecord,
} from '../../plugin/store/store.ts';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sorted(result: AnalyticsAggregateResult): AnalyticsAggregateResult {
  const key = (group: string | null, name: string) => JSON.stringify([group, name]);
  return {
    rows: [...result.rows].sort((a, b) => key(a.group, a.type).localeCompare(key(b.group, b.type))),
    conversationSets: [...result.conversationSets].sort((a, b) =>
      key(a.group, a.name).localeCompare(key(b.group, b.name)),
    ),
  };
}

describe('MongoDB analytics aggregation pipelines (evaluated by mingo)', function () {
  const random = seeded(99);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: AnalyticsEventRecord[] = [];
  for (let i = 0; i < 600; i++) {
    const event: AnalyticsEventRecord = {
      installationId: i % 10 === 9 ? 'other' : 'inst',
      type: pick(['message.inbound', 'bot.handoff', 'response.first', 'conversation.resolved']),
      at: new Date(Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 12 * 86_400_000)).toISOString(),
      data: {
        reason: pick(['low_confidence', 'no_answer', null, undefined, 7]),
        seconds: pick([5, 12.5, 60, 3600, 'n/a', undefined]),
        autoResolved: pick([true, false, undefined]),
      },
    };
    if (random() < 0.85) event.channel = pick(['email', 'whatsapp', 'discord']);
    if (random() < 0.85) event.inboxId = pick([1, 2, 3, 4]);
    if (random() < 0.85) event.conversationId = Math.floor(random() * 50);
    events.push(event);
  }
  // What analytics-repo stores: the record as is, `at` normalised, plus Mongo's _id.
  const docs = events.map((event, index) => ({ _id: index, ...event }));
  const run = async (pipeline: Array<Record<string, unknown>>) => aggregate(docs, pipeline) as unknown[];

  for (const groupBy of ['channel', 'inbox', 'time', 'none'] as const) {
    it(`matches the reference grouped by ${groupBy}`, async function () {
      const query: AnalyticsAggregateQuery = {
        installationId: 'inst',
        from: '2024-01-02T00:00:00Z',
        to: '2024-01-11T00:00:00Z',
        groupBy,
        edges: Array.from({ length: 8 }, (_, day) =>
          new Date(Date.parse('2024-01-01T23:00:00Z') + day * 86_400_000).toISOString(),
        ),
        types: ['message.inbound', 'bot.handoff', 'response.first', 'conversation.resolved'],
        distinctConversations: ['message.inbound', 'bot.handoff'],
        countBy: { 'bot.handoff': 'reason', 'conversation.resolved': 'autoResolved' },
        measure: { 'response.first': 'seconds' },
        percentiles: [0, 0.5, 0.9, 1],
        conversationSets: { engaged: ['bot.handoff', 'conversation.resolved'] },
      };
      const actual = sorted(await runAnalyticsPipelines(normalizeAggregateQuery(query), run));
      const expected = sorted(aggregateAnalyticsEvents(events, query));
      assert.ok(expected.rows.length >= 4);
      assert.deepEqual(actual, expected);
    });
  }
});
