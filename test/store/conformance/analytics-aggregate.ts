import assert from 'node:assert/strict';
import { aggregateAnalyticsEvents } from '../../../plugin/store/aggregate-analytics-events.ts';
import type {
  AnalyticsAggregateQuery,
  AnalyticsAggregateResult,
  AnalyticsEventRecord,
  Store,
} from '../../../plugin/store/store.ts';
import { rejectsWithCode, type ConformanceContext } from './fixtures.ts';

/** Rows and sets in one order, so results compare with deepEqual whatever order an adapter returns. */
function sorted(result: AnalyticsAggregateResult): AnalyticsAggregateResult {
  const byKey = (a: { group: string | null }, b: { group: string | null }, x: string, y: string) =>
    JSON.stringify([a.group, x]).localeCompare(JSON.stringify([b.group, y]));
  return {
    rows: [...result.rows].sort((a, b) => byKey(a, b, a.type, b.type)),
    conversationSets: [...result.conversationSets].sort((a, b) => byKey(a, b, a.name, b.name)),
  };
}

/** Deterministic pseudo-random numbers (mulberry32). */
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

/** Conformance checks for `AnalyticsStore.aggregate`. */
export function describeAnalyticsAggregateConformance(context: ConformanceContext): void {
  describe('analytics aggregate', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    const event = (
      installationId: string,
      type: string,
      at: string,
      extra: Partial<AnalyticsEventRecord> = {},
    ) => ({
      installationId,
      type,
      at,
      data: {},
      ...extra,
    });

    it('counts, distinct conversations, values and percentiles per channel', async function () {
      await store.analytics.recordMany([
        event(a, 'bot.handoff', '2024-05-01T10:00:00Z', {
          channel: 'email',
          conversationId: 1,
          data: { reason: 'low_confidence' },
        }),
        event(a, 'bot.handoff', '2024-05-01T11:00:00Z', {
          channel: 'email',
          conversationId: 1,
          data: { reason: 'no_answer' },
        }),
        event(a, 'bot.handoff', '2024-05-01T12:00:00Z', {
          channel: 'email',
          conversationId: 2,
          data: { reason: 'low_confidence' },
        }),
        event(a, 'bot.handoff', '2024-05-01T12:00:00Z', { channel: 'slack', conversationId: 3, data: {} }),
        event(a, 'bot.answer', '2024-05-01T12:00:00Z', { channel: 'slack', conversationId: 4 }),
        event(a, 'conversation.resolved', '2024-05-02T12:00:00Z', {
          channel: 'slack',
          data: { autoResolved: true },
        }),
        event(a, 'conversation.resolved', '2024-05-02T12:00:00Z', {
          channel: 'slack',
          data: { autoResolved: false },
        }),
        event(a, 'response.first', '2024-05-01T09:00:00Z', { data: { seconds: 10 } }),
        event(a, 'response.first', '2024-05-01T09:00:00Z', { data: { seconds: 40 } }),
        event(a, 'response.first', '2024-05-01T09:00:00Z', { data: { seconds: 20 } }),
        event(a, 'response.first', '2024-05-01T09:00:00Z', { data: { seconds: 30 } }),
        event(a, 'response.first', '2024-05-01T09:00:00Z', { data: { seconds: 'n/a' } }),
        event(a, 'csat.submitted', '2024-05-03T09:00:00Z', { channel: 'email', data: { rating: 4.5 } }),
        // Outside the range or of another installation: never counted.
        event(a, 'bot.handoff', '2024-06-01T00:00:00Z', { channel: 'email', conversationId: 9 }),
        event(b, 'bot.handoff', '2024-05-01T10:00:00Z', { channel: 'email', conversationId: 9 }),
      ]);
      const query: AnalyticsAggregateQuery = {
        installationId: a,
        from: '2024-05-01T00:00:00Z',
        to: '2024-06-01T00:00:00Z',
        groupBy: 'channel',
        types: [
          'bot.handoff',
          'bot.answer',
          'conversation.resolved',
          'response.first',
          'csat.submitted',
          'never.recorded',
        ],
        distinctConversations: ['bot.handoff'],
        countBy: {
          'bot.handoff': 'reason',
          'conversation.resolved': 'autoResolved',
          'csat.submitted': 'rating',
        },
        measure: { 'response.first': 'seconds', 'csat.submitted': 'rating' },
        conversationSets: { engaged: ['bot.answer', 'bot.handoff'] },
      };
      const result = sorted(await store.analytics.aggregate(query));
      assert.deepEqual(result, {
        rows: [
          {
            group: 'email',
            type: 'bot.handoff',
            count: 3,
            conversations: 2,
            values: { low_confidence: 2, no_answer: 1 },
          },
          {
            group: 'email',
            type: 'csat.submitted',
            count: 1,
            values: { '4.5': 1 },
            measure: { count: 1, sum: 4.5, percentiles: [4.5, 4.5] },
          },
          { group: 'slack', type: 'bot.answer', count: 1 },
          { group: 'slack', type: 'bot.handoff', count: 1, conversations: 1, values: { '': 1 } },
          { group: 'slack', type: 'conversation.resolved', count: 2, values: { true: 1, false: 1 } },
          {
            group: null,
            type: 'response.first',
            count: 5,
            measure: { count: 4, sum: 100, percentiles: [25, 37] },
          },
        ],
        conversationSets: [
          { group: 'email', name: 'engaged', conversations: 2 },
          { group: 'slack', name: 'engaged', conversations: 2 },
        ],
      });
      assert.deepEqual(result, sorted(aggregateAnalyticsEvents(await store.analytics.list(query), query)));
    });

    it('groups by inbox, by caller-given time buckets and not at all', async function () {
      await store.analytics.recordMany([
        event(a, 'message.inbound', '2024-03-30T22:30:00Z', { inboxId: 7, conversationId: 1 }),
        event(a, 'message.inbound', '2024-03-31T00:30:00Z', { inboxId: 7, conversationId: 1 }),
        event(a, 'message.inbound', '2024-03-31T21:59:59.999Z', { inboxId: 8, conversationId: 2 }),
        event(a, 'message.inbound', '2024-03-31T22:00:00Z', { conversationId: 3 }),
      ]);
      const base = {
        installationId: a,
        from: '2024-03-30T00:00:00Z',
        to: '2024-04-02T00:00:00Z',
        types: ['message.inbound'],
      };
      const byInbox = sorted(
        await store.analytics.aggregate({
          ...base,
          groupBy: 'inbox',
          distinctConversations: ['message.inbound'],
        }),
      );
      assert.deepEqual(byInbox.rows, [
        { group: '7', type: 'message.inbound', count: 2, conversations: 1 },
        { group: '8', type: 'message.inbound', count: 1, conversations: 1 },
        { group: null, type: 'message.inbound', count: 1, conversations: 1 },
      ]);
      // Local days in Europe/Berlin across the switch to summer time (a 23-hour day); keys keep the caller's spelling.
      const edges = ['2024-03-30T00:00:00+01:00', '2024-03-31T00:00:00+01:00', '2024-04-01T00:00:00+02:00'];
      const byDay = sorted(await store.analytics.aggregate({ ...base, groupBy: 'time', edges }));
      assert.deepEqual(byDay.rows, [
        { group: '2024-03-30T00:00:00+01:00', type: 'message.inbound', count: 1 },
        { group: '2024-03-31T00:00:00+01:00', type: 'message.inbound', count: 2 },
      ]);
      const all = await store.analytics.aggregate({ ...base, groupBy: 'none' });
      assert.deepEqual(all.rows, [{ group: null, type: 'message.inbound', count: 4 }]);
      // A range cutting a bucket counts only the part inside the range.
      const clipped = await store.analytics.aggregate({
        ...base,
        from: '2024-03-31T00:00:00Z',
        groupBy: 'time',
        edges,
      });
      assert.deepEqual(sorted(clipped).rows, [
        { group: '2024-03-31T00:00:00+01:00', type: 'message.inbound', count: 2 },
      ]);
    });

    it('agrees with the in-memory reference on random events', async function () {
      const random = seeded(7);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const types = ['message.inbound', 'bot.handoff', 'response.first', 'csat.submitted'];
      const events: AnalyticsEventRecord[] = [];
      for (let i = 0; i < 400; i++) {
        const at = new Date(
          Date.parse('2024-01-01T00:00:00Z') + Math.floor(random() * 10 * 86_400_000),
        ).toISOString();
        const optional: Partial<AnalyticsEventRecord> = {};
        if (random() < 0.9) optional.channel = pick(['email', 'whatsapp', 'slack']);
        if (random() < 0.9) optional.inboxId = pick([1, 2, 3]);
        if (random() < 0.9) optional.conversationId = Math.floor(random() * 40);
        events.push(
          event(a, pick(types), at, {
            ...optional,
            data: {
              reason: pick(['x', 'y', null, undefined, true, 3]),
              seconds: pick([1, 2.5, 3, 100, 'slow', undefined]),
            },
          }),
        );
      }
      await store.analytics.recordMany(events);
      const edges = Array.from({ length: 6 }, (_, day) =>
        new Date(Date.parse('2024-01-02T05:00:00Z') + day * 86_400_000).toISOString(),
      );
      for (const groupBy of ['channel', 'inbox', 'time', 'none'] as const) {
        const query: AnalyticsAggregateQuery = {
          installationId: a,
          from: '2024-01-01T12:00:00Z',
          to: '2024-01-09T00:00:00Z',
          groupBy,
          edges,
          types: ['message.inbound', 'bot.handoff', 'response.first'],
          distinctConversations: ['message.inbound', 'bot.handoff'],
          countBy: { 'bot.handoff': 'reason' },
          measure: { 'response.first': 'seconds' },
          percentiles: [0, 0.25, 0.5, 0.9, 1],
          conversationSets: { all: types },
        };
        const expected = sorted(aggregateAnalyticsEvents(events, query));
        const actual = sorted(await store.analytics.aggregate(query));
        assert.equal(actual.rows.length, expected.rows.length, groupBy);
        actual.rows.forEach((row, index) => {
          const want = expected.rows[index]!;
          if (row.measure && want.measure) {
            row.measure.percentiles.forEach((value, i) =>
              assert.ok(Math.abs((value ?? 0) - (want.measure!.percentiles[i] ?? 0)) < 1e-9),
            );
            row.measure.percentiles = want.measure.percentiles;
            assert.ok(Math.abs(row.measure.sum - want.measure.sum) < 1e-9);
            row.measure.sum = want.measure.sum;
          }
          assert.deepEqual(row, want, `${groupBy} row ${index}`);
        });
        assert.deepEqual(actual.conversationSets, expected.conversationSets, groupBy);
      }
    });

    it('rejects malformed queries', async function () {
      const base = {
        installationId: a,
        from: '2024-01-01T00:00:00Z',
        to: '2024-02-01T00:00:00Z',
        types: ['x'],
      };
      await rejectsWithCode(
        store.analytics.aggregate({ ...base, groupBy: 'time', edges: ['2024-01-02T00:00:00Z'] }),
        'bad_request',
      );
      await rejectsWithCode(
        store.analytics.aggregate({
          ...base,
          groupBy: 'time',
          edges: ['2024-01-02T00:00:00Z', '2024-01-01T00:00:00Z'],
        }),
        'bad_request',
      );
      await rejectsWithCode(
        store.analytics.aggregate({ ...base, groupBy: 'none', countBy: { x: "a') OR 1=1 --" } }),
        'bad_request',
      );
      await rejectsWithCode(
        store.analytics.aggregate({ ...base, groupBy: 'none', percentiles: [1.5] }),
        'bad_request',
      );
    });
  });
}
