import assert from 'node:assert/strict';
import type { AnalyticsEventRecord, Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext } from './fixtures.ts';

/** Conformance checks for analytics. */
export function describeAnalyticsConformance(context: ConformanceContext): void {
  describe('analytics', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('records events and lists a half-open time range, optionally by type', async function () {
      const event = (
        type: string,
        at: string,
        extra: Partial<AnalyticsEventRecord> = {},
      ): AnalyticsEventRecord => ({
        installationId: a,
        type,
        at,
        data: {},
        ...extra,
      });
      await store.analytics.record(event('message.inbound', '2024-05-01T09:59:59.999Z'));
      await store.analytics.recordMany([
        event('message.inbound', '2024-05-01T10:00:00.000Z', {
          channel: 'discord',
          inboxId: 4,
          conversationId: 60,
        }),
        event('ai.suggested', '2024-05-01T12:00:00+02:00', { data: { confidence: 0.9 } }),
        event('ai.suggested', '2024-05-01T11:00:00.000Z'),
        event('message.inbound', '2024-05-02T00:00:00.000Z'),
      ]);
      await store.analytics.recordMany([]);
      await store.analytics.record({
        ...event('message.inbound', '2024-05-01T10:30:00.000Z'),
        installationId: b,
      });

      const day = await store.analytics.list({
        installationId: a,
        from: '2024-05-01T10:00:00.000Z',
        to: '2024-05-02T00:00:00.000Z',
      });
      assert.deepEqual(
        day.map((e) => [e.type, e.at]),
        [
          ['message.inbound', '2024-05-01T10:00:00.000Z'],
          ['ai.suggested', '2024-05-01T10:00:00.000Z'],
          ['ai.suggested', '2024-05-01T11:00:00.000Z'],
        ],
      );
      assert.deepEqual(day[0], {
        installationId: a,
        type: 'message.inbound',
        channel: 'discord',
        inboxId: 4,
        conversationId: 60,
        at: '2024-05-01T10:00:00.000Z',
        data: {},
      });
      assert.deepEqual(day[1]?.data, { confidence: 0.9 });

      const suggested = await store.analytics.list({
        installationId: a,
        from: '2024-05-01T00:00:00.000Z',
        to: '2024-06-01T00:00:00.000Z',
        types: ['ai.suggested'],
      });
      assert.equal(suggested.length, 2);
      assert.deepEqual(
        await store.analytics.list({
          installationId: a,
          from: '2024-05-01T00:00:00.000Z',
          to: '2024-06-01T00:00:00.000Z',
          types: [],
        }),
        [],
      );
      assert.equal(
        (
          await store.analytics.list({
            installationId: b,
            from: '2024-01-01T00:00:00.000Z',
            to: '2025-01-01T00:00:00.000Z',
          })
        ).length,
        1,
      );
    });
  });
}
