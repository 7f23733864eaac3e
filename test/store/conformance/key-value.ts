import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext } from './fixtures.ts';

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
  });
}
