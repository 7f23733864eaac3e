import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext } from './fixtures.ts';

/** Conformance checks for identities. */
export function describeIdentitiesConformance(context: ConformanceContext): void {
  describe('identities', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('adds once, upgrades claimed → verified once, never downgrades', async function () {
      const claimed = {
        installationId: a,
        contactId: 1,
        type: 'email' as const,
        value: 'ada@example.com',
        verified: false,
      };
      assert.equal(await store.identities.add({ ...claimed, source: 'message-text' }), true);
      assert.equal(await store.identities.add({ ...claimed, source: 'message-text' }), false, 'duplicate');
      assert.equal(
        await store.identities.add({ ...claimed, verified: true, source: 'slack:users.info' }),
        true,
        'upgrade',
      );
      assert.equal(await store.identities.add({ ...claimed, verified: true }), false, 'already verified');
      assert.equal(await store.identities.add(claimed), false, 'no downgrade');

      const list = await store.identities.listForContact(a, 1);
      assert.equal(list.length, 1);
      assert.equal(list[0]?.verified, true);
      assert.equal(list[0]?.source, 'slack:users.info');
      assert.equal(list[0]?.type, 'email');
      assert.ok(list[0]?.createdAt);
    });

    it('finds every contact holding a value and keeps tenants apart', async function () {
      await store.identities.add({
        installationId: a,
        contactId: 1,
        type: 'phone',
        value: '+15550001',
        verified: true,
      });
      await store.identities.add({
        installationId: a,
        contactId: 2,
        type: 'phone',
        value: '+15550001',
        verified: false,
      });
      await store.identities.add({
        installationId: a,
        contactId: 2,
        type: 'email',
        value: '+15550001',
        verified: false,
      });
      await store.identities.add({
        installationId: b,
        contactId: 3,
        type: 'phone',
        value: '+15550001',
        verified: true,
      });

      const holders = await store.identities.findByValue(a, 'phone', '+15550001');
      assert.deepEqual(holders.map((identity) => identity.contactId).sort(), [1, 2]);
      assert.ok(holders.every((identity) => identity.installationId === a && identity.type === 'phone'));
      assert.deepEqual(
        (await store.identities.findByValue(b, 'phone', '+15550001')).map((identity) => identity.contactId),
        [3],
      );
      assert.deepEqual(await store.identities.listForContact(b, 1), []);
      assert.deepEqual(await store.identities.findByValue(a, 'phone', '+15559999'), []);
    });

    it('reassigns identifiers after a merge, folding duplicates into the target', async function () {
      await store.identities.add({
        installationId: a,
        contactId: 1,
        type: 'email',
        value: 'x@example.com',
        verified: true,
      });
      await store.identities.add({
        installationId: a,
        contactId: 1,
        type: 'phone',
        value: '+1555',
        verified: false,
      });
      await store.identities.add({
        installationId: a,
        contactId: 2,
        type: 'email',
        value: 'x@example.com',
        verified: false,
      });
      await store.identities.add({
        installationId: a,
        contactId: 2,
        type: 'channel_user',
        value: 'discord:9',
        verified: true,
      });
      await store.identities.add({
        installationId: b,
        contactId: 1,
        type: 'email',
        value: 'b@example.com',
        verified: true,
      });

      await store.identities.reassignContact(a, 1, 2);

      assert.deepEqual(await store.identities.listForContact(a, 1), []);
      const merged = await store.identities.listForContact(a, 2);
      const byKey = new Map(merged.map((identity) => [`${identity.type}:${identity.value}`, identity]));
      assert.equal(merged.length, 3);
      assert.equal(byKey.get('email:x@example.com')?.verified, true, 'verified wins when folding');
      assert.equal(byKey.get('phone:+1555')?.contactId, 2);
      assert.equal(byKey.get('channel_user:discord:9')?.verified, true);
      assert.equal(
        (await store.identities.listForContact(b, 1)).length,
        1,
        'another tenant’s contact 1 is untouched',
      );
    });
  });
}
