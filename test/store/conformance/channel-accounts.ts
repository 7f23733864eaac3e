import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext } from './fixtures.ts';

/** Conformance checks for channel accounts. */
export function describeChannelAccountsConformance(context: ConformanceContext): void {
  describe('channel accounts', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('upserts one account per channel, keeping id, createdAt and lastInboundAt', async function () {
      const first = await store.channelAccounts.upsert({
        installationId: a,
        channel: 'discord',
        inboxId: 4,
        config: {},
        credentialsCiphertext: 'v1:discord-1',
      });
      assert.ok(first.id, 'an id is generated');
      assert.equal(first.inboxId, 4);
      assert.deepEqual(first.config, {});
      assert.equal(first.lastInboundAt, undefined);

      await store.channelAccounts.touchInbound(a, 'discord', '2024-06-01T12:00:00.000Z');
      assert.equal(
        (await store.channelAccounts.get(a, 'discord'))?.lastInboundAt,
        '2024-06-01T12:00:00.000Z',
      );

      const second = await store.channelAccounts.upsert({
        id: 'ignored-for-existing',
        installationId: a,
        channel: 'discord',
        inboxId: 5,
        config: { supportChannelId: '123' },
        credentialsCiphertext: 'v1:discord-2',
      });
      assert.equal(second.id, first.id);
      assert.equal(second.createdAt, first.createdAt);
      assert.equal(second.inboxId, 5);
      assert.deepEqual(second.config, { supportChannelId: '123' });
      assert.equal(second.credentialsCiphertext, 'v1:discord-2');
      assert.equal(second.lastInboundAt, '2024-06-01T12:00:00.000Z');
      assert.deepEqual(await store.channelAccounts.get(a, 'discord'), second);

      const withoutInbox = await store.channelAccounts.upsert({
        installationId: a,
        channel: 'discord',
        config: {},
        credentialsCiphertext: 'v1:discord-3',
      });
      assert.equal(withoutInbox.inboxId, undefined, 'an upsert replaces the whole record');

      const slack = await store.channelAccounts.upsert({
        id: 'slack-account',
        installationId: a,
        channel: 'slack',
        config: {},
        credentialsCiphertext: 'v1:slack',
        lastInboundAt: '2024-06-02T00:00:00.000Z',
      });
      assert.equal(slack.id, 'slack-account');
      assert.deepEqual(
        (await store.channelAccounts.list(a)).map((account) => account.channel),
        ['discord', 'slack'],
      );

      await store.channelAccounts.delete(a, 'discord');
      assert.equal(await store.channelAccounts.get(a, 'discord'), undefined);
      assert.deepEqual(
        (await store.channelAccounts.list(a)).map((account) => account.channel),
        ['slack'],
      );
    });

    it('never lets one installation touch another one’s accounts', async function () {
      await store.channelAccounts.upsert({
        installationId: a,
        channel: 'viber',
        config: {},
        credentialsCiphertext: 'x',
      });
      assert.equal(await store.channelAccounts.get(b, 'viber'), undefined);
      assert.deepEqual(await store.channelAccounts.list(b), []);
      await store.channelAccounts.touchInbound(b, 'viber', '2024-01-01T00:00:00.000Z');
      await store.channelAccounts.delete(b, 'viber');
      const kept = await store.channelAccounts.get(a, 'viber');
      assert.ok(kept);
      assert.equal(kept.lastInboundAt, undefined);

      const other = await store.channelAccounts.upsert({
        installationId: b,
        channel: 'viber',
        config: {},
        credentialsCiphertext: 'y',
      });
      assert.notEqual(other.id, kept.id);
      assert.equal((await store.channelAccounts.get(a, 'viber'))?.credentialsCiphertext, 'x');
    });
  });
}
