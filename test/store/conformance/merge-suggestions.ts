import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, rejectsWithCode, mergeSuggestion } from './fixtures.ts';

/** Conformance checks for merge suggestions. */
export function describeMergeSuggestionsConformance(context: ConformanceContext): void {
  describe('merge suggestions', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('creates once per contact pair and identifier, in either order', async function () {
      const first = await store.mergeSuggestions.createIfAbsent(mergeSuggestion(a));
      assert.equal(first.created, true);
      const again = await store.mergeSuggestions.createIfAbsent(
        mergeSuggestion(a, { contactId: 20, otherContactId: 10 }),
      );
      assert.equal(again.created, false);
      assert.deepEqual(again.record, first.record);

      const otherIdentifier = await store.mergeSuggestions.createIfAbsent(
        mergeSuggestion(a, {
          identifier: { type: 'phone', value: '+1555' },
          createdAt: '2024-05-02T00:00:00.000Z',
        }),
      );
      assert.equal(otherIdentifier.created, true);
      const otherTenant = await store.mergeSuggestions.createIfAbsent(mergeSuggestion(b));
      assert.equal(otherTenant.created, true);

      await store.mergeSuggestions.setStatus(a, first.record.id, 'dismissed');
      const afterDismiss = await store.mergeSuggestions.createIfAbsent(mergeSuggestion(a));
      assert.equal(afterDismiss.created, false, 'a dismissed suggestion is not raised again');
      assert.equal(afterDismiss.record.status, 'dismissed');
    });

    it('lists for either contact, filters by status, and sets status', async function () {
      const one = (await store.mergeSuggestions.createIfAbsent(mergeSuggestion(a))).record;
      const two = (
        await store.mergeSuggestions.createIfAbsent(
          mergeSuggestion(a, { contactId: 30, otherContactId: 10, createdAt: '2024-05-03T00:00:00.000Z' }),
        )
      ).record;
      assert.deepEqual(await store.mergeSuggestions.get(a, one.id), one);

      assert.deepEqual(
        (await store.mergeSuggestions.listForContact(a, 10)).map((s) => s.id),
        [one.id, two.id],
      );
      assert.deepEqual(
        (await store.mergeSuggestions.listForContact(a, 20)).map((s) => s.id),
        [one.id],
      );

      const accepted = await store.mergeSuggestions.setStatus(a, one.id, 'accepted');
      assert.equal(accepted.status, 'accepted');
      assert.ok(accepted.resolvedAt);
      assert.deepEqual(await store.mergeSuggestions.get(a, one.id), accepted);
      assert.deepEqual(
        (await store.mergeSuggestions.listForContact(a, 10, 'pending')).map((s) => s.id),
        [two.id],
      );
      assert.deepEqual(
        (await store.mergeSuggestions.listForContact(a, 10, 'accepted')).map((s) => s.id),
        [one.id],
      );
      const pendingAgain = await store.mergeSuggestions.setStatus(a, one.id, 'pending');
      assert.equal(pendingAgain.resolvedAt, undefined);

      assert.equal(await store.mergeSuggestions.get(b, one.id), undefined);
      assert.deepEqual(await store.mergeSuggestions.listForContact(b, 10), []);
      await rejectsWithCode(store.mergeSuggestions.setStatus(b, one.id, 'dismissed'), 'not_found');
      assert.equal((await store.mergeSuggestions.get(a, one.id))?.status, 'pending');
    });
  });
}
