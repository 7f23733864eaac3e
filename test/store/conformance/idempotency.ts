import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, sleep } from './fixtures.ts';

/** Conformance checks for idempotency. */
export function describeIdempotencyConformance(context: ConformanceContext): void {
  describe('idempotency', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('claims once, again after release, and again after the TTL expired', async function () {
      const scope = `${a}:chatwoot-message`;
      assert.equal(await store.idempotency.claim(scope, '1001'), true);
      assert.equal(await store.idempotency.claim(scope, '1001'), false);
      assert.equal(await store.idempotency.claim(scope, '1002'), true, 'another key');
      assert.equal(await store.idempotency.claim(`${b}:chatwoot-message`, '1001'), true, 'another scope');

      await store.idempotency.release(scope, '1001');
      assert.equal(await store.idempotency.claim(scope, '1001'), true, 'released keys can be claimed');

      assert.equal(await store.idempotency.claim(scope, 'ttl', 150), true);
      assert.equal(await store.idempotency.claim(scope, 'ttl', 150), false, 'still held');
      await sleep(200);
      assert.equal(
        await store.idempotency.claim(scope, 'ttl', 5_000),
        true,
        'expired claims can be taken over',
      );
      assert.equal(await store.idempotency.claim(scope, 'ttl', 5_000), false, 'the new claim holds');
      await sleep(50);
      assert.equal(
        await store.idempotency.claim(scope, '1002', 10),
        false,
        'claims without TTL never expire',
      );
    });

    it('lets exactly one of many concurrent claimers win', async function () {
      const results = await Promise.all(Array.from({ length: 10 }, () => store.idempotency.claim(a, 'race')));
      assert.equal(results.filter(Boolean).length, 1);
    });
  });
}
