import assert from 'node:assert/strict';
import type { Store } from '../../../plugin/store/store.ts';
import { randomVector, seededRandom } from '../brute-force-search.ts';
import {
  type ConformanceContext,
  newInstallation,
  chunk,
  addDocument,
  suggestion,
  mergeSuggestion,
} from './fixtures.ts';

/** Conformance checks for purgeInstallation. */
export function describePurgeInstallationConformance(context: ConformanceContext): void {
  describe('purgeInstallation', function () {
    let store: Store;
    let a: string;
    let b: string;

    beforeEach(function () {
      ({ store, a, b } = context);
    });

    async function populate(installationId: string): Promise<void> {
      const random = seededRandom(3);
      await store.installations.create(newInstallation({ id: installationId }));
      await store.channelAccounts.upsert({
        installationId,
        channel: 'discord',
        config: {},
        credentialsCiphertext: 'x',
      });
      await store.identities.add({
        installationId,
        contactId: 1,
        type: 'email',
        value: 'p@example.com',
        verified: true,
      });
      await store.threads.upsert({
        installationId,
        channel: 'discord',
        threadKey: 't',
        conversationId: 1,
        contactId: 1,
        sourceId: 's',
        address: {},
      });
      await store.messages.insert({
        installationId,
        channel: 'discord',
        channelMessageId: 'm',
        chatwootMessageId: 1,
        conversationId: 1,
        direction: 'inbound',
      });
      await addDocument(store, installationId, 'doc');
      await store.knowledge.replaceChunks(installationId, 'doc', [
        chunk(installationId, 'doc', 0, randomVector(random, 8)),
      ]);
      await store.suggestions.create(suggestion(installationId, { id: 's1', conversationId: 1 }));
      await store.mergeSuggestions.createIfAbsent(mergeSuggestion(installationId, { id: 'm1' }));
      await store.audit.append({
        id: 'e1',
        installationId,
        actor: 'system',
        action: 'install',
        subject: 'installation',
        reason: 'test',
        data: {},
        at: '2024-05-01T00:00:00.000Z',
      });
      await store.analytics.record({ installationId, type: 't', at: '2024-05-01T00:00:00.000Z', data: {} });
      await store.idempotency.claim(installationId, 'k');
      await store.idempotency.claim(`${installationId}:jobs`, 'k');
      await store.kv.set(installationId, 'k', 1);
      await store.kv.set(`${installationId}:slack`, 'k', 1);
      await store.kv.increment(`${installationId}:routing`, 'ticket');
    }

    it('removes every record of one installation and nothing of another', async function () {
      await populate(a);
      await populate(b);
      // A namespace that merely starts with the same characters belongs to someone else.
      await store.kv.set(`${a}x`, 'k', 1);
      const vector = (await store.knowledge.listChunks(a))[0]?.vector as Float32Array;
      assert.equal(
        (
          await store.knowledge.vectorSearch({
            installationId: a,
            embedderId: 'hash-tfidf-32',
            vector,
            topK: 5,
          })
        ).length,
        1,
      );

      await store.purgeInstallation(a);

      assert.equal(await store.installations.get(a), undefined);
      assert.deepEqual(await store.channelAccounts.list(a), []);
      assert.deepEqual(await store.identities.listForContact(a, 1), []);
      assert.equal(await store.threads.get(a, 'discord', 't'), undefined);
      assert.equal(await store.messages.byChannelMessage(a, 'discord', 'm'), undefined);
      assert.deepEqual(await store.knowledge.listDocuments(a), []);
      assert.equal(await store.knowledge.countChunks(a), 0);
      assert.deepEqual(
        await store.knowledge.vectorSearch({
          installationId: a,
          embedderId: 'hash-tfidf-32',
          vector,
          topK: 5,
        }),
        [],
      );
      assert.equal(await store.suggestions.get(a, 's1'), undefined);
      assert.equal(await store.mergeSuggestions.get(a, 'm1'), undefined);
      assert.deepEqual(await store.audit.list(a), []);
      assert.deepEqual(
        await store.analytics.list({
          installationId: a,
          from: '2000-01-01T00:00:00Z',
          to: '2100-01-01T00:00:00Z',
        }),
        [],
      );
      assert.equal(await store.idempotency.claim(a, 'k'), true, 'claims scoped to the installation are gone');
      assert.equal(await store.idempotency.claim(`${a}:jobs`, 'k'), true);
      assert.equal(await store.kv.get(a, 'k'), undefined);
      assert.equal(await store.kv.get(`${a}:slack`, 'k'), undefined);
      assert.equal(await store.kv.get(`${a}:routing`, 'ticket'), undefined);
      assert.equal(await store.kv.increment(`${a}:routing`, 'ticket'), 1, 'a counter starts over');
      assert.equal(await store.kv.get(`${a}x`, 'k'), 1);

      assert.ok(await store.installations.get(b));
      assert.equal((await store.channelAccounts.list(b)).length, 1);
      assert.equal((await store.identities.listForContact(b, 1)).length, 1);
      assert.ok(await store.threads.get(b, 'discord', 't'));
      assert.ok(await store.messages.byChannelMessage(b, 'discord', 'm'));
      assert.equal((await store.knowledge.listDocuments(b)).length, 1);
      assert.equal(await store.knowledge.countChunks(b), 1);
      assert.equal(
        (
          await store.knowledge.vectorSearch({
            installationId: b,
            embedderId: 'hash-tfidf-32',
            vector,
            topK: 5,
          })
        ).length,
        1,
      );
      assert.ok(await store.suggestions.get(b, 's1'));
      assert.ok(await store.mergeSuggestions.get(b, 'm1'));
      assert.equal((await store.audit.list(b)).length, 1);
      assert.equal(
        (
          await store.analytics.list({
            installationId: b,
            from: '2000-01-01T00:00:00Z',
            to: '2100-01-01T00:00:00Z',
          })
        ).length,
        1,
      );
      assert.equal(await store.idempotency.claim(b, 'k'), false);
      assert.equal(await store.idempotency.claim(`${b}:jobs`, 'k'), false);
      assert.equal(await store.kv.get(b, 'k'), 1);
      assert.equal(await store.kv.get(`${b}:slack`, 'k'), 1);
      assert.equal(await store.kv.get(`${b}:routing`, 'ticket'), 1);
    });
  });
}
