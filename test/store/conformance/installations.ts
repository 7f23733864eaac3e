import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, rejectsWithCode, uid, newInstallation } from './fixtures.ts';

/** Conformance checks for installations. */
export function describeInstallationsConformance(context: ConformanceContext): void {
  describe('installations', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('creates, reads, lists, finds by account, updates and deletes', async function () {
      const input = newInstallation({ id: a, settings: { ai: { mode: 'suggest' } }, provisioned: {} });
      const created = await store.installations.create(input);
      assert.equal(created.id, a);
      assert.ok(created.createdAt && created.updatedAt);

      const read = await store.installations.get(a);
      assert.deepEqual(read, created);
      assert.deepEqual(read?.provisioned, {}, 'empty objects survive a round trip');
      assert.equal(read?.botTokenCiphertext, undefined);

      assert.deepEqual(await store.installations.findByAccount(input.chatwootUrl, 1), created);
      assert.equal(await store.installations.findByAccount(input.chatwootUrl, 2), undefined);
      assert.ok((await store.installations.list()).some((record) => record.id === a));

      const updated = await store.installations.update(a, {
        botTokenCiphertext: 'v1:cipher-bot',
        provisioned: {
          agentBotId: 5,
          botInboxes: [{ inboxId: 3, previousAgentBotId: null }],
          apiInboxes: { discord: 8 },
        },
        updatedAt: '2030-01-01T00:00:00.000Z',
      });
      assert.equal(updated.botTokenCiphertext, 'v1:cipher-bot');
      assert.equal(updated.createdAt, created.createdAt);
      assert.equal(updated.updatedAt, '2030-01-01T00:00:00.000Z');
      assert.deepEqual(updated.settings, { ai: { mode: 'suggest' } }, 'fields outside the patch are kept');
      assert.deepEqual(await store.installations.get(a), updated);

      const cleared = await store.installations.update(a, { botTokenCiphertext: undefined });
      assert.equal(cleared.botTokenCiphertext, undefined, 'undefined clears an optional field');
      assert.equal((await store.installations.get(a))?.botTokenCiphertext, undefined);
      assert.notEqual(cleared.updatedAt, '2030-01-01T00:00:00.000Z', 'updatedAt moves on every update');

      await store.installations.delete(a);
      assert.equal(await store.installations.get(a), undefined);
      assert.ok(!(await store.installations.list()).some((record) => record.id === a));
    });

    it('rejects a duplicate id and a second active installation for one account', async function () {
      const first = await store.installations.create(newInstallation({ id: a }));
      await rejectsWithCode(store.installations.create(newInstallation({ id: a })), 'conflict');
      await rejectsWithCode(
        store.installations.create(
          newInstallation({ id: b, chatwootUrl: first.chatwootUrl, accountId: first.accountId }),
        ),
        'conflict',
      );

      await store.installations.update(a, { status: 'uninstalled' });
      assert.equal(await store.installations.findByAccount(first.chatwootUrl, first.accountId), undefined);
      const second = await store.installations.create(
        newInstallation({ id: b, chatwootUrl: first.chatwootUrl, accountId: first.accountId }),
      );
      assert.equal(
        (await store.installations.findByAccount(first.chatwootUrl, first.accountId))?.id,
        second.id,
      );
      await rejectsWithCode(store.installations.update(a, { status: 'active' }), 'conflict');
    });

    it('fails to update an installation that does not exist', async function () {
      await rejectsWithCode(
        store.installations.update(uid('missing'), { status: 'uninstalled' }),
        'not_found',
      );
    });
  });
}
