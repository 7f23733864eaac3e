import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, rejectsWithCode } from './fixtures.ts';

/** Conformance checks for key/value. */
export function describeKeyValueConformance(context: ConformanceContext): void {
  describe('key/value', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('sets, gets, overwrites and deletes JSON values per namespace', async function () {
      assert.equal(await store.kv.get(a, 'cursor'), undefined);
      await store.kv.set(a, 'cursor', {
        since: '2024-05-01',
        ids: [1, 2],
        'dotted.key': true,
        $dollar: null,
      });
      assert.deepEqual(await store.kv.get(a, 'cursor'), {
        since: '2024-05-01',
        ids: [1, 2],
        'dotted.key': true,
        $dollar: null,
      });
      await store.kv.set(a, 'cursor', 42);
      assert.equal(await store.kv.get<number>(a, 'cursor'), 42);
      await store.kv.set(`${a}:slack`, 'cursor', 'other namespace');
      assert.equal(await store.kv.get(a, 'cursor'), 42);
      assert.equal(await store.kv.get(b, 'cursor'), undefined);
      await store.kv.set(a, 'flag', false);
      assert.equal(await store.kv.get(a, 'flag'), false);

      await store.kv.delete(a, 'cursor');
      assert.equal(await store.kv.get(a, 'cursor'), undefined);
      assert.equal(await store.kv.get(`${a}:slack`, 'cursor'), 'other namespace');
      await store.kv.set(a, 'flag', undefined);
      assert.equal(await store.kv.get(a, 'flag'), undefined);
    });

    it('increments from 1, continues from a number set before, and stays a number for get', async function () {
      assert.equal(await store.kv.increment(a, 'tickets'), 1);
      assert.equal(await store.kv.increment(a, 'tickets'), 2);
      assert.equal(await store.kv.get<number>(a, 'tickets'), 2);
      assert.equal(await store.kv.increment(`${a}:routing`, 'tickets'), 1, 'namespaces count apart');
      assert.equal(await store.kv.increment(b, 'tickets'), 1);

      await store.kv.set(a, 'tickets', 41);
      assert.equal(await store.kv.increment(a, 'tickets'), 42);
      await store.kv.set(a, 'negative', -1);
      assert.equal(await store.kv.increment(a, 'negative'), 0);
      await store.kv.delete(a, 'tickets');
      assert.equal(await store.kv.increment(a, 'tickets'), 1);
    });

    it('refuses to increment a value that is not an integer and leaves it as it was', async function () {
      for (const value of [{ agentId: 3 }, 2.5, '7', true, null, [1]]) {
        await store.kv.set(a, 'odd', value);
        await rejectsWithCode(store.kv.increment(a, 'odd'), 'bad_request');
        assert.deepEqual(await store.kv.get(a, 'odd'), value);
      }
    });

    it('gives parallel increments, from two store instances, distinct consecutive values', async function () {
      const other = await context.open();
      try {
        const count = 40;
        const values = await Promise.all(
          Array.from({ length: count }, (_, i) => (i % 2 ? other : store).kv.increment(a, 'race')),
        );
        assert.deepEqual(
          [...values].sort((x, y) => x - y),
          Array.from({ length: count }, (_, i) => i + 1),
        );
        assert.equal(await store.kv.get(a, 'race'), count);
      } finally {
        await other.close();
      }
    });
  });
}
