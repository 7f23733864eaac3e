import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, rejectsWithCode, uid, suggestion } from './fixtures.ts';

/** Conformance checks for suggestions. */
export function describeSuggestionsConformance(context: ConformanceContext): void {
  describe('suggestions', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('creates, reads, lists newest first and updates', async function () {
      const older = await store.suggestions.create(suggestion(a, { createdAt: '2024-05-01T10:00:00.000Z' }));
      const newer = await store.suggestions.create(
        suggestion(a, { createdAt: '2024-05-01T11:00:00.000Z', sources: [] }),
      );
      await store.suggestions.create(suggestion(a, { conversationId: 78 }));
      assert.deepEqual(await store.suggestions.get(a, older.id), older);

      assert.deepEqual(
        (await store.suggestions.listForConversation(a, 77)).map((s) => s.id),
        [newer.id, older.id],
      );
      assert.deepEqual(
        (await store.suggestions.listForConversation(a, 77, 1)).map((s) => s.id),
        [newer.id],
      );

      const accepted = await store.suggestions.update(a, older.id, {
        status: 'edited',
        sentText: 'Please restart the router.',
        resolvedAt: '2024-05-01T10:05:00.000Z',
      });
      assert.equal(accepted.status, 'edited');
      assert.equal(accepted.text, older.text, 'fields outside the patch are kept');
      assert.deepEqual(accepted.sources, older.sources);
      assert.deepEqual(await store.suggestions.get(a, older.id), accepted);

      const reopened = await store.suggestions.update(a, older.id, {
        status: 'pending',
        sentText: undefined,
        resolvedAt: undefined,
      });
      assert.equal(reopened.sentText, undefined);
      assert.equal(reopened.resolvedAt, undefined);
      assert.deepEqual(await store.suggestions.get(a, older.id), reopened);

      await rejectsWithCode(store.suggestions.create(older), 'conflict');
      await rejectsWithCode(store.suggestions.update(a, uid('missing'), { status: 'rejected' }), 'not_found');
    });

    it('never lets one installation read or update another one’s suggestions', async function () {
      const mine = await store.suggestions.create(suggestion(a));
      assert.equal(await store.suggestions.get(b, mine.id), undefined);
      assert.deepEqual(await store.suggestions.listForConversation(b, 77), []);
      await rejectsWithCode(store.suggestions.update(b, mine.id, { status: 'rejected' }), 'not_found');
      assert.equal((await store.suggestions.get(a, mine.id))?.status, 'pending');
    });
  });
}
