import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { randomVector, seededRandom } from '../brute-force-search.ts';
import { type ConformanceContext, newInstallation, chunk, addDocument } from './fixtures.ts';

/** Conformance checks for restart. */
export function describeRestartConformance(context: ConformanceContext): void {
  describe('restart', function () {
    let store: Store;
    let a: string;
    let open: () => Promise<Store>;

    beforeEach(function () {
      ({ store, a, open } = context);
    });

    it('keeps every record across close and reopen', async function () {
      const random = seededRandom(21);
      const first = await open();
      const installation = await first.installations.create(newInstallation({ id: a }));
      await addDocument(first, a, 'doc');
      const chunks = [
        chunk(a, 'doc', 0, randomVector(random, 16)),
        chunk(a, 'doc', 1, randomVector(random, 16)),
      ];
      await first.knowledge.replaceChunks(a, 'doc', chunks);
      await first.messages.insert({
        installationId: a,
        channel: 'discord',
        channelMessageId: 'm',
        chatwootMessageId: 1,
        conversationId: 1,
        direction: 'outbound',
      });
      await first.idempotency.claim(a, 'k');
      await first.kv.set(a, 'k', { v: 1 });
      assert.equal(first.kind, store.kind);
      await first.close();

      const second = await open();
      try {
        assert.deepEqual(await second.installations.get(a), installation);
        assert.deepEqual(await second.knowledge.listChunks(a, 'doc'), chunks);
        const [hit] = await second.knowledge.vectorSearch({
          installationId: a,
          embedderId: 'hash-tfidf-32',
          vector: chunks[1]?.vector as Float32Array,
          topK: 1,
        });
        assert.equal(hit?.chunk.id, 'doc#1');
        assert.equal(
          await second.messages.insert({
            installationId: a,
            channel: 'discord',
            channelMessageId: 'm',
            chatwootMessageId: 1,
            conversationId: 1,
            direction: 'outbound',
          }),
          false,
        );
        assert.equal(await second.idempotency.claim(a, 'k'), false);
        assert.deepEqual(await second.kv.get(a, 'k'), { v: 1 });
      } finally {
        await second.close();
      }
    });
  });
}
