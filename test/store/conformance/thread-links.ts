import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, sleep } from './fixtures.ts';

/** Conformance checks for thread links. */
export function describeThreadLinksConformance(context: ConformanceContext): void {
  describe('thread links', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('upserts, reads by thread and by conversation, and reassigns contacts', async function () {
      const created = await store.threads.upsert({
        installationId: a,
        channel: 'slack',
        threadKey: 'C1:1700000000.000100',
        conversationId: 50,
        contactId: 7,
        sourceId: 'src-1',
        address: { channel: 'C1', threadTs: '1700000000.000100' },
      });
      assert.ok(created.createdAt);
      assert.deepEqual(await store.threads.get(a, 'slack', 'C1:1700000000.000100'), created);
      assert.deepEqual(await store.threads.findByConversation(a, 50), created);

      await sleep(5);
      const moved = await store.threads.upsert({ ...created, conversationId: 51, sourceId: 'src-2' });
      assert.equal(moved.createdAt, created.createdAt);
      assert.equal(moved.conversationId, 51);
      assert.equal(moved.sourceId, 'src-2');
      assert.equal(await store.threads.findByConversation(a, 50), undefined);
      assert.equal((await store.threads.findByConversation(a, 51))?.threadKey, 'C1:1700000000.000100');

      await store.threads.upsert({ ...created, threadKey: 'dm:U2', conversationId: 52 });
      await store.threads.upsert({ ...created, installationId: b, conversationId: 51 });
      await store.threads.reassignContact(a, 7, 8);
      assert.equal((await store.threads.get(a, 'slack', 'C1:1700000000.000100'))?.contactId, 8);
      assert.equal((await store.threads.get(a, 'slack', 'dm:U2'))?.contactId, 8);
      assert.equal(
        (await store.threads.get(b, 'slack', 'C1:1700000000.000100'))?.contactId,
        7,
        'other tenant untouched',
      );
      assert.equal(await store.threads.get(b, 'slack', 'dm:U2'), undefined);
    });
  });
}
