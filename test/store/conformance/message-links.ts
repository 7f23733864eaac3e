import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { type ConformanceContext, uid } from './fixtures.ts';

/** Conformance checks for message links. */
export function describeMessageLinksConformance(context: ConformanceContext): void {
  describe('message links', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    it('inserts once per channel message and looks up both ways', async function () {
      const link = {
        installationId: a,
        channel: 'discord',
        channelMessageId: 'm-1',
        chatwootMessageId: 1001,
        conversationId: 60,
        direction: 'inbound' as const,
      };
      assert.equal(await store.messages.insert(link), true);
      assert.equal(
        await store.messages.insert({ ...link, chatwootMessageId: 1002 }),
        false,
        'redelivery dropped',
      );
      assert.equal(
        await store.messages.insert({ ...link, channel: 'slack' }),
        true,
        'another channel is another message',
      );
      assert.equal(
        await store.messages.insert({ ...link, installationId: b }),
        true,
        'another tenant is another message',
      );

      const byChannel = await store.messages.byChannelMessage(a, 'discord', 'm-1');
      assert.equal(byChannel?.chatwootMessageId, 1001);
      assert.equal(byChannel?.direction, 'inbound');
      assert.ok(byChannel?.createdAt);
      assert.equal((await store.messages.byChatwootMessage(a, 1001))?.channelMessageId, 'm-1');
      assert.equal(await store.messages.byChatwootMessage(a, 1002), undefined);
      assert.equal(await store.messages.byChannelMessage(a, 'discord', 'm-2'), undefined);
      assert.equal(await store.messages.byChannelMessage(uid('nobody'), 'discord', 'm-1'), undefined);
    });
  });
}
