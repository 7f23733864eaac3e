import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type {
  AnalyticsEventRecord,
  KbChunkRecord,
  MergeSuggestionRecord,
  NewInstallation,
  Store,
  SuggestionRecord,
} from '../../plugin/store/store.ts';
import { bruteForceSearch, randomVector, seededRandom } from './brute-force-search.ts';

/** Asserts a promise rejects with an OmniloomError of the given code. */
async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal((error as { code?: unknown }).code, code, `expected code ${code}, got ${String(error)}`);
    return true;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unique id per call, so suites can share a database across runs (MongoDB) without collisions. */
const uid = (prefix: string) => `${prefix}-${randomUUID()}`;

function newInstallation(overrides: Partial<NewInstallation> = {}): NewInstallation {
  return {
    id: uid('inst'),
    chatwootUrl: `https://chat-${randomUUID()}.example.com`,
    accountId: 1,
    tokenCiphertext: 'v1:cipher-admin',
    urlSecretCiphertext: 'v1:cipher-url',
    settings: {},
    provisioned: {},
    status: 'active',
    ...overrides,
  };
}

function chunk(
  installationId: string,
  documentId: string,
  ordinal: number,
  vector: Float32Array,
  extra: Partial<KbChunkRecord> = {},
): KbChunkRecord {
  const record: KbChunkRecord = {
    id: `${documentId}#${ordinal}`,
    documentId,
    installationId,
    ordinal,
    text: `chunk ${ordinal} of ${documentId}`,
    contentHash: `hash-${documentId}-${ordinal}`,
    embedderId: 'hash-tfidf-32',
    vector,
    ...extra,
  };
  // Absent optional fields are absent keys in what a store returns.
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as KbChunkRecord;
}

async function addDocument(store: Store, installationId: string, id = uid('doc'), inboxId?: number) {
  return store.knowledge.upsertDocument({
    id,
    installationId,
    inboxId,
    source: `https://docs.example.com/${id}`,
    title: `Document ${id}`,
    contentHash: `content-${id}`,
    metadata: { kind: 'faq' },
  });
}

function suggestion(installationId: string, overrides: Partial<SuggestionRecord> = {}): SuggestionRecord {
  return {
    id: uid('sug'),
    installationId,
    conversationId: 77,
    chatwootMessageId: 9001,
    text: 'Try turning it off and on again.',
    confidence: 0.82,
    sources: [{ chunkId: 'c1', documentId: 'd1', title: 'FAQ', excerpt: 'turn it off', score: 0.9 }],
    status: 'pending',
    createdAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

function mergeSuggestion(installationId: string, overrides: Partial<MergeSuggestionRecord> = {}): MergeSuggestionRecord {
  return {
    id: uid('merge'),
    installationId,
    contactId: 10,
    otherContactId: 20,
    identifier: { type: 'email', value: 'ada@example.com' },
    reason: 'same verified email',
    status: 'pending',
    createdAt: '2024-05-01T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * The behaviour every Store adapter must share. `open` returns a store on
 * the same database each time it is called (the restart test closes one and
 * opens another).
 */
export function describeStoreConformance(name: string, open: () => Promise<Store>): void {
  describe(`Store conformance: ${name}`, function () {
    let store: Store;
    let a: string;
    let b: string;

    before(async function () {
      store = await open();
    });

    after(async function () {
      await store?.close();
    });

    beforeEach(function () {
      a = uid('tenant-a');
      b = uid('tenant-b');
    });

    describe('installations', function () {
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
          provisioned: { agentBotId: 5, botInboxes: [{ inboxId: 3, previousAgentBotId: null }], apiInboxes: { discord: 8 } },
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
          store.installations.create(newInstallation({ id: b, chatwootUrl: first.chatwootUrl, accountId: first.accountId })),
          'conflict',
        );

        await store.installations.update(a, { status: 'uninstalled' });
        assert.equal(await store.installations.findByAccount(first.chatwootUrl, first.accountId), undefined);
        const second = await store.installations.create(
          newInstallation({ id: b, chatwootUrl: first.chatwootUrl, accountId: first.accountId }),
        );
        assert.equal((await store.installations.findByAccount(first.chatwootUrl, first.accountId))?.id, second.id);
        await rejectsWithCode(store.installations.update(a, { status: 'active' }), 'conflict');
      });

      it('fails to update an installation that does not exist', async function () {
        await rejectsWithCode(store.installations.update(uid('missing'), { status: 'uninstalled' }), 'not_found');
      });
    });

    describe('channel accounts', function () {
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
        assert.equal((await store.channelAccounts.get(a, 'discord'))?.lastInboundAt, '2024-06-01T12:00:00.000Z');

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
        await store.channelAccounts.upsert({ installationId: a, channel: 'viber', config: {}, credentialsCiphertext: 'x' });
        assert.equal(await store.channelAccounts.get(b, 'viber'), undefined);
        assert.deepEqual(await store.channelAccounts.list(b), []);
        await store.channelAccounts.touchInbound(b, 'viber', '2024-01-01T00:00:00.000Z');
        await store.channelAccounts.delete(b, 'viber');
        const kept = await store.channelAccounts.get(a, 'viber');
        assert.ok(kept);
        assert.equal(kept.lastInboundAt, undefined);

        const other = await store.channelAccounts.upsert({ installationId: b, channel: 'viber', config: {}, credentialsCiphertext: 'y' });
        assert.notEqual(other.id, kept.id);
        assert.equal((await store.channelAccounts.get(a, 'viber'))?.credentialsCiphertext, 'x');
      });
    });

    describe('identities', function () {
      it('adds once, upgrades claimed → verified once, never downgrades', async function () {
        const claimed = { installationId: a, contactId: 1, type: 'email' as const, value: 'ada@example.com', verified: false };
        assert.equal(await store.identities.add({ ...claimed, source: 'message-text' }), true);
        assert.equal(await store.identities.add({ ...claimed, source: 'message-text' }), false, 'duplicate');
        assert.equal(await store.identities.add({ ...claimed, verified: true, source: 'slack:users.info' }), true, 'upgrade');
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
        await store.identities.add({ installationId: a, contactId: 1, type: 'phone', value: '+15550001', verified: true });
        await store.identities.add({ installationId: a, contactId: 2, type: 'phone', value: '+15550001', verified: false });
        await store.identities.add({ installationId: a, contactId: 2, type: 'email', value: '+15550001', verified: false });
        await store.identities.add({ installationId: b, contactId: 3, type: 'phone', value: '+15550001', verified: true });

        const holders = await store.identities.findByValue(a, 'phone', '+15550001');
        assert.deepEqual(
          holders.map((identity) => identity.contactId).sort(),
          [1, 2],
        );
        assert.ok(holders.every((identity) => identity.installationId === a && identity.type === 'phone'));
        assert.deepEqual(
          (await store.identities.findByValue(b, 'phone', '+15550001')).map((identity) => identity.contactId),
          [3],
        );
        assert.deepEqual(await store.identities.listForContact(b, 1), []);
        assert.deepEqual(await store.identities.findByValue(a, 'phone', '+15559999'), []);
      });

      it('reassigns identifiers after a merge, folding duplicates into the target', async function () {
        await store.identities.add({ installationId: a, contactId: 1, type: 'email', value: 'x@example.com', verified: true });
        await store.identities.add({ installationId: a, contactId: 1, type: 'phone', value: '+1555', verified: false });
        await store.identities.add({ installationId: a, contactId: 2, type: 'email', value: 'x@example.com', verified: false });
        await store.identities.add({ installationId: a, contactId: 2, type: 'channel_user', value: 'discord:9', verified: true });
        await store.identities.add({ installationId: b, contactId: 1, type: 'email', value: 'b@example.com', verified: true });

        await store.identities.reassignContact(a, 1, 2);

        assert.deepEqual(await store.identities.listForContact(a, 1), []);
        const merged = await store.identities.listForContact(a, 2);
        const byKey = new Map(merged.map((identity) => [`${identity.type}:${identity.value}`, identity]));
        assert.equal(merged.length, 3);
        assert.equal(byKey.get('email:x@example.com')?.verified, true, 'verified wins when folding');
        assert.equal(byKey.get('phone:+1555')?.contactId, 2);
        assert.equal(byKey.get('channel_user:discord:9')?.verified, true);
        assert.equal((await store.identities.listForContact(b, 1)).length, 1, 'another tenant’s contact 1 is untouched');
      });
    });

    describe('thread links', function () {
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
        assert.equal((await store.threads.get(b, 'slack', 'C1:1700000000.000100'))?.contactId, 7, 'other tenant untouched');
        assert.equal(await store.threads.get(b, 'slack', 'dm:U2'), undefined);
      });
    });

    describe('message links', function () {
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
        assert.equal(await store.messages.insert({ ...link, chatwootMessageId: 1002 }), false, 'redelivery dropped');
        assert.equal(await store.messages.insert({ ...link, channel: 'slack' }), true, 'another channel is another message');
        assert.equal(await store.messages.insert({ ...link, installationId: b }), true, 'another tenant is another message');

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

    describe('knowledge documents and chunks', function () {
      it('upserts documents by id and finds them by source', async function () {
        const first = await addDocument(store, a, 'doc-1', 3);
        assert.equal(first.inboxId, 3);
        assert.deepEqual(await store.knowledge.getDocument(a, 'doc-1'), first);
        assert.deepEqual(await store.knowledge.findDocumentBySource(a, first.source), first);

        await sleep(5);
        const updated = await store.knowledge.upsertDocument({
          id: 'doc-1',
          installationId: a,
          source: first.source,
          title: 'Renamed',
          contentHash: 'content-2',
          language: 'en',
          metadata: {},
        });
        assert.equal(updated.createdAt, first.createdAt);
        assert.notEqual(updated.updatedAt, first.updatedAt);
        assert.equal(updated.inboxId, undefined);
        assert.equal(updated.language, 'en');
        assert.deepEqual(updated.metadata, {});

        await addDocument(store, a, 'doc-2');
        assert.deepEqual(
          (await store.knowledge.listDocuments(a)).map((document) => document.id).sort(),
          ['doc-1', 'doc-2'],
        );
        await rejectsWithCode(
          store.knowledge.upsertDocument({ ...updated, id: 'doc-3' }),
          'conflict',
        );
        assert.equal(await store.knowledge.getDocument(b, 'doc-1'), undefined);
        assert.equal(await store.knowledge.findDocumentBySource(b, first.source), undefined);
        assert.deepEqual(await store.knowledge.listDocuments(b), []);
      });

      it('replaces, lists, counts and finds chunks by hash; deleting a document cascades', async function () {
        const random = seededRandom(7);
        await addDocument(store, a, 'doc-1');
        await addDocument(store, a, 'doc-2');
        const v = () => randomVector(random, 32);
        const doc1 = [
          chunk(a, 'doc-1', 0, v(), { heading: 'Intro', language: 'en', inboxId: 2 }),
          chunk(a, 'doc-1', 1, v()),
        ];
        await store.knowledge.replaceChunks(a, 'doc-1', doc1);
        await store.knowledge.replaceChunks(a, 'doc-2', [chunk(a, 'doc-2', 0, v())]);

        const listed = await store.knowledge.listChunks(a, 'doc-1');
        assert.deepEqual(listed, doc1, 'chunks round-trip exactly, vectors included');
        assert.ok(listed[0]?.vector instanceof Float32Array);
        assert.equal((await store.knowledge.listChunks(a)).length, 3);
        assert.equal(await store.knowledge.countChunks(a), 3);

        const byHash = await store.knowledge.findChunksByHash(a, ['hash-doc-1-1', 'hash-doc-2-0', 'nope'], 'hash-tfidf-32');
        assert.deepEqual(byHash.map((c) => c.id).sort(), ['doc-1#1', 'doc-2#0']);
        assert.deepEqual(await store.knowledge.findChunksByHash(a, ['hash-doc-1-1'], 'other-embedder'), []);
        assert.deepEqual(await store.knowledge.findChunksByHash(a, [], 'hash-tfidf-32'), []);
        assert.deepEqual(await store.knowledge.findChunksByHash(b, ['hash-doc-1-1'], 'hash-tfidf-32'), []);

        const replacement = [chunk(a, 'doc-1', 5, v(), { contentHash: 'hash-new' })];
        await store.knowledge.replaceChunks(a, 'doc-1', replacement);
        assert.deepEqual(await store.knowledge.listChunks(a, 'doc-1'), replacement, 'old chunks are gone');
        assert.equal(await store.knowledge.countChunks(a), 2);

        await store.knowledge.deleteDocument(a, 'doc-2');
        assert.equal(await store.knowledge.getDocument(a, 'doc-2'), undefined);
        assert.deepEqual(await store.knowledge.listChunks(a, 'doc-2'), []);
        assert.equal(await store.knowledge.countChunks(a), 1);

        await store.knowledge.replaceChunks(a, 'doc-1', []);
        assert.equal(await store.knowledge.countChunks(a), 0);
      });

      it('refuses chunks for another tenant’s document or of another document', async function () {
        const random = seededRandom(8);
        await addDocument(store, a, 'doc-1');
        const original = [chunk(a, 'doc-1', 0, randomVector(random, 8))];
        await store.knowledge.replaceChunks(a, 'doc-1', original);

        await rejectsWithCode(
          store.knowledge.replaceChunks(b, 'doc-1', [chunk(b, 'doc-1', 0, randomVector(random, 8))]),
          'not_found',
        );
        await rejectsWithCode(
          store.knowledge.replaceChunks(a, 'doc-1', [chunk(b, 'doc-1', 0, randomVector(random, 8))]),
          'bad_request',
        );
        await rejectsWithCode(
          store.knowledge.replaceChunks(a, 'doc-1', [chunk(a, 'doc-9', 0, randomVector(random, 8))]),
          'bad_request',
        );
        await addDocument(store, a, 'doc-2');
        await rejectsWithCode(
          store.knowledge.replaceChunks(a, 'doc-2', [{ ...chunk(a, 'doc-2', 0, randomVector(random, 8)), id: 'doc-1#0' }]),
          'conflict',
        );
        assert.deepEqual(await store.knowledge.listChunks(a, 'doc-1'), original, 'a refused replacement changes nothing');

        await store.knowledge.deleteDocument(b, 'doc-1');
        assert.ok(await store.knowledge.getDocument(a, 'doc-1'), 'another tenant cannot delete it');
        assert.equal(await store.knowledge.countChunks(a), 1);
        assert.equal(await store.knowledge.countChunks(b), 0);
        assert.deepEqual(await store.knowledge.listChunks(b), []);
      });
    });

    describe('vector search', function () {
      const dims = 32;
      let chunks: KbChunkRecord[];

      beforeEach(async function () {
        const random = seededRandom(42);
        chunks = [];
        const layout = [
          { doc: 'doc-inbox-1', inboxId: 1 as number | undefined, count: 60 },
          { doc: 'doc-inbox-2', inboxId: 2, count: 60 },
          { doc: 'doc-global', inboxId: undefined, count: 80 },
        ];
        const languages = ['en', 'de', undefined];
        for (const { doc, inboxId, count } of layout) {
          await addDocument(store, a, doc, inboxId);
          const docChunks = Array.from({ length: count }, (_, i) =>
            chunk(a, doc, i, randomVector(random, dims), { inboxId, language: languages[i % 3] }),
          );
          await store.knowledge.replaceChunks(a, doc, docChunks);
          chunks.push(...docChunks);
        }
        // Same installation, other embedder (same and other dims); other installation, same embedder.
        await addDocument(store, a, 'doc-other-embedder');
        await store.knowledge.replaceChunks(a, 'doc-other-embedder', [
          ...Array.from({ length: 20 }, (_, i) =>
            chunk(a, 'doc-other-embedder', i, randomVector(random, dims), { embedderId: 'gemini-embedding-001' }),
          ),
          chunk(a, 'doc-other-embedder', 99, randomVector(random, 16)),
        ]);
        await addDocument(store, b, 'doc-b');
        await store.knowledge.replaceChunks(
          b,
          'doc-b',
          Array.from({ length: 20 }, (_, i) => chunk(b, 'doc-b', i, randomVector(random, dims))),
        );
      });

      function assertMatchesReference(
        hits: Awaited<ReturnType<Store['knowledge']['vectorSearch']>>,
        expected: Array<{ id: string; score: number }>,
      ): void {
        assert.deepEqual(
          hits.map((hit) => hit.chunk.id),
          expected.map((hit) => hit.id),
        );
        hits.forEach((hit, i) => {
          assert.ok(Math.abs(hit.score - (expected[i]?.score ?? NaN)) < 1e-5, `score ${i}: ${hit.score} vs ${expected[i]?.score}`);
        });
      }

      it('returns the exact top k by cosine, best first, with full chunk records', async function () {
        const random = seededRandom(99);
        for (let q = 0; q < 5; q++) {
          const query = { installationId: a, embedderId: 'hash-tfidf-32', vector: randomVector(random, dims), topK: 7 };
          const hits = await store.knowledge.vectorSearch(query);
          assertMatchesReference(hits, bruteForceSearch(chunks, query));
          for (const hit of hits) {
            const original = chunks.find((c) => c.id === hit.chunk.id);
            assert.deepEqual(hit.chunk, original);
          }
        }
        const exact = chunks[17] as KbChunkRecord;
        const [self] = await store.knowledge.vectorSearch({
          installationId: a,
          embedderId: 'hash-tfidf-32',
          vector: exact.vector.map((x) => x * 3),
          topK: 1,
        });
        assert.equal(self?.chunk.id, exact.id);
        assert.ok(Math.abs((self?.score ?? 0) - 1) < 1e-5, 'cosine ignores magnitude');
      });

      it('filters by inbox (unscoped chunks stay eligible) and by language', async function () {
        const random = seededRandom(5);
        const vector = randomVector(random, dims);
        const base = { installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 200 };

        const inbox1 = await store.knowledge.vectorSearch({ ...base, inboxId: 1 });
        assertMatchesReference(inbox1, bruteForceSearch(chunks, { ...base, inboxId: 1 }));
        assert.equal(inbox1.length, 140);
        assert.ok(inbox1.every((hit) => hit.chunk.inboxId === 1 || hit.chunk.inboxId === undefined));

        const german = await store.knowledge.vectorSearch({ ...base, language: 'de' });
        assertMatchesReference(german, bruteForceSearch(chunks, { ...base, language: 'de' }));
        assert.ok(german.length > 0 && german.every((hit) => hit.chunk.language === 'de'));

        const both = await store.knowledge.vectorSearch({ ...base, inboxId: 2, language: 'en', topK: 5 });
        assertMatchesReference(both, bruteForceSearch(chunks, { ...base, inboxId: 2, language: 'en', topK: 5 }));
        assert.deepEqual(await store.knowledge.vectorSearch({ ...base, language: 'fr' }), []);
        assert.deepEqual(await store.knowledge.vectorSearch({ ...base, inboxId: 1, topK: 0 }), []);
      });

      it('keeps embedders, dimensions and installations apart', async function () {
        const random = seededRandom(6);
        const vector = randomVector(random, dims);
        const gemini = await store.knowledge.vectorSearch({ installationId: a, embedderId: 'gemini-embedding-001', vector, topK: 50 });
        assert.equal(gemini.length, 20);
        assert.ok(gemini.every((hit) => hit.chunk.embedderId === 'gemini-embedding-001'));

        const short = await store.knowledge.vectorSearch({
          installationId: a,
          embedderId: 'hash-tfidf-32',
          vector: randomVector(random, 16),
          topK: 50,
        });
        assert.deepEqual(short.map((hit) => hit.chunk.id), ['doc-other-embedder#99'], 'only same-length vectors compare');

        const tenantB = await store.knowledge.vectorSearch({ installationId: b, embedderId: 'hash-tfidf-32', vector, topK: 500 });
        assert.equal(tenantB.length, 20);
        assert.ok(tenantB.every((hit) => hit.chunk.installationId === b));
        assert.deepEqual(
          await store.knowledge.vectorSearch({ installationId: uid('nobody'), embedderId: 'hash-tfidf-32', vector, topK: 5 }),
          [],
        );
      });

      it('sees chunk changes right away (replace and delete)', async function () {
        const random = seededRandom(11);
        const vector = randomVector(random, dims);
        const query = { installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 3 };
        await store.knowledge.vectorSearch(query);

        await store.knowledge.replaceChunks(a, 'doc-global', [chunk(a, 'doc-global', 500, vector)]);
        const [best] = await store.knowledge.vectorSearch(query);
        assert.equal(best?.chunk.id, 'doc-global#500');
        assert.ok(Math.abs((best?.score ?? 0) - 1) < 1e-5);

        await store.knowledge.deleteDocument(a, 'doc-global');
        const remaining = chunks.filter((c) => c.documentId !== 'doc-global');
        assertMatchesReference(await store.knowledge.vectorSearch(query), bruteForceSearch(remaining, query));
      });
    });

    describe('suggestions', function () {
      it('creates, reads, lists newest first and updates', async function () {
        const older = await store.suggestions.create(suggestion(a, { createdAt: '2024-05-01T10:00:00.000Z' }));
        const newer = await store.suggestions.create(suggestion(a, { createdAt: '2024-05-01T11:00:00.000Z', sources: [] }));
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

        const reopened = await store.suggestions.update(a, older.id, { status: 'pending', sentText: undefined, resolvedAt: undefined });
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

    describe('merge suggestions', function () {
      it('creates once per contact pair and identifier, in either order', async function () {
        const first = await store.mergeSuggestions.createIfAbsent(mergeSuggestion(a));
        assert.equal(first.created, true);
        const again = await store.mergeSuggestions.createIfAbsent(mergeSuggestion(a, { contactId: 20, otherContactId: 10 }));
        assert.equal(again.created, false);
        assert.deepEqual(again.record, first.record);

        const otherIdentifier = await store.mergeSuggestions.createIfAbsent(
          mergeSuggestion(a, { identifier: { type: 'phone', value: '+1555' }, createdAt: '2024-05-02T00:00:00.000Z' }),
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

    describe('audit', function () {
      it('appends once per id and lists newest first per installation', async function () {
        const entry = (id: string, at: string) => ({
          id,
          installationId: a,
          actor: 'admin',
          action: 'contact.merge',
          subject: 'contact:10',
          reason: 'same verified email',
          data: { into: 20 },
          at,
        });
        await store.audit.append(entry('e1', '2024-05-01T10:00:00.000Z'));
        await store.audit.append(entry('e2', '2024-05-01T12:00:00.000Z'));
        await store.audit.append(entry('e3', '2024-05-01T11:00:00.000Z'));
        await store.audit.append({ ...entry('e1', '2024-05-01T13:00:00.000Z'), reason: 'retry' });
        await store.audit.append({ ...entry('e9', '2024-05-01T10:00:00.000Z'), installationId: b });

        const list = await store.audit.list(a);
        assert.deepEqual(list.map((e) => e.id), ['e2', 'e3', 'e1']);
        assert.deepEqual(list[2], entry('e1', '2024-05-01T10:00:00.000Z'), 'the first append wins');
        assert.deepEqual((await store.audit.list(a, 2)).map((e) => e.id), ['e2', 'e3']);
        assert.deepEqual((await store.audit.list(b)).map((e) => e.id), ['e9']);
      });
    });

    describe('analytics', function () {
      it('records events and lists a half-open time range, optionally by type', async function () {
        const event = (type: string, at: string, extra: Partial<AnalyticsEventRecord> = {}): AnalyticsEventRecord => ({
          installationId: a,
          type,
          at,
          data: {},
          ...extra,
        });
        await store.analytics.record(event('message.inbound', '2024-05-01T09:59:59.999Z'));
        await store.analytics.recordMany([
          event('message.inbound', '2024-05-01T10:00:00.000Z', { channel: 'discord', inboxId: 4, conversationId: 60 }),
          event('ai.suggested', '2024-05-01T12:00:00+02:00', { data: { confidence: 0.9 } }),
          event('ai.suggested', '2024-05-01T11:00:00.000Z'),
          event('message.inbound', '2024-05-02T00:00:00.000Z'),
        ]);
        await store.analytics.recordMany([]);
        await store.analytics.record({ ...event('message.inbound', '2024-05-01T10:30:00.000Z'), installationId: b });

        const day = await store.analytics.list({ installationId: a, from: '2024-05-01T10:00:00.000Z', to: '2024-05-02T00:00:00.000Z' });
        assert.deepEqual(
          day.map((e) => [e.type, e.at]),
          [
            ['message.inbound', '2024-05-01T10:00:00.000Z'],
            ['ai.suggested', '2024-05-01T10:00:00.000Z'],
            ['ai.suggested', '2024-05-01T11:00:00.000Z'],
          ],
        );
        assert.deepEqual(day[0], {
          installationId: a,
          type: 'message.inbound',
          channel: 'discord',
          inboxId: 4,
          conversationId: 60,
          at: '2024-05-01T10:00:00.000Z',
          data: {},
        });
        assert.deepEqual(day[1]?.data, { confidence: 0.9 });

        const suggested = await store.analytics.list({
          installationId: a,
          from: '2024-05-01T00:00:00.000Z',
          to: '2024-06-01T00:00:00.000Z',
          types: ['ai.suggested'],
        });
        assert.equal(suggested.length, 2);
        assert.deepEqual(
          await store.analytics.list({ installationId: a, from: '2024-05-01T00:00:00.000Z', to: '2024-06-01T00:00:00.000Z', types: [] }),
          [],
        );
        assert.equal(
          (await store.analytics.list({ installationId: b, from: '2024-01-01T00:00:00.000Z', to: '2025-01-01T00:00:00.000Z' })).length,
          1,
        );
      });
    });

    describe('idempotency', function () {
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
        assert.equal(await store.idempotency.claim(scope, 'ttl', 5_000), true, 'expired claims can be taken over');
        assert.equal(await store.idempotency.claim(scope, 'ttl', 5_000), false, 'the new claim holds');
        await sleep(50);
        assert.equal(await store.idempotency.claim(scope, '1002', 10), false, 'claims without TTL never expire');
      });

      it('lets exactly one of many concurrent claimers win', async function () {
        const results = await Promise.all(Array.from({ length: 10 }, () => store.idempotency.claim(a, 'race')));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });

    describe('key/value', function () {
      it('sets, gets, overwrites and deletes JSON values per namespace', async function () {
        assert.equal(await store.kv.get(a, 'cursor'), undefined);
        await store.kv.set(a, 'cursor', { since: '2024-05-01', ids: [1, 2], 'dotted.key': true, $dollar: null });
        assert.deepEqual(await store.kv.get(a, 'cursor'), { since: '2024-05-01', ids: [1, 2], 'dotted.key': true, $dollar: null });
        await store.kv.set(a, 'cursor', 42);
        assert.equal(await store.kv.get<number>(a, 'cursor'), 42);
        await store.kv.set(`${a}:slack`, 'cursor', 'other namespace');
        assert.equal(await store.kv.get(a, 'cursor'), 42);
        assert.equal(await store.kv.get(b, 'cursor'), undefined);
        await store.kv.set(a, 'flag', false);
        assert.equal(await store.kv.get(a, 'flag'), false);

        await store.kv.delete(a, 'cursor');
        assert.equal(await store.kv.get(a, 'cursor'), undefined);
        assert.equal(await store.kv.get(`${a}:slack`, 'cursor'), 'other namespace');
        await store.kv.set(a, 'flag', undefined);
        assert.equal(await store.kv.get(a, 'flag'), undefined);
      });
    });

    describe('purgeInstallation', function () {
      async function populate(installationId: string): Promise<void> {
        const random = seededRandom(3);
        await store.installations.create(newInstallation({ id: installationId }));
        await store.channelAccounts.upsert({ installationId, channel: 'discord', config: {}, credentialsCiphertext: 'x' });
        await store.identities.add({ installationId, contactId: 1, type: 'email', value: 'p@example.com', verified: true });
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
        await store.knowledge.replaceChunks(installationId, 'doc', [chunk(installationId, 'doc', 0, randomVector(random, 8))]);
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
      }

      it('removes every record of one installation and nothing of another', async function () {
        await populate(a);
        await populate(b);
        // A namespace that merely starts with the same characters belongs to someone else.
        await store.kv.set(`${a}x`, 'k', 1);
        const vector = (await store.knowledge.listChunks(a))[0]?.vector as Float32Array;
        assert.equal((await store.knowledge.vectorSearch({ installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 5 })).length, 1);

        await store.purgeInstallation(a);

        assert.equal(await store.installations.get(a), undefined);
        assert.deepEqual(await store.channelAccounts.list(a), []);
        assert.deepEqual(await store.identities.listForContact(a, 1), []);
        assert.equal(await store.threads.get(a, 'discord', 't'), undefined);
        assert.equal(await store.messages.byChannelMessage(a, 'discord', 'm'), undefined);
        assert.deepEqual(await store.knowledge.listDocuments(a), []);
        assert.equal(await store.knowledge.countChunks(a), 0);
        assert.deepEqual(await store.knowledge.vectorSearch({ installationId: a, embedderId: 'hash-tfidf-32', vector, topK: 5 }), []);
        assert.equal(await store.suggestions.get(a, 's1'), undefined);
        assert.equal(await store.mergeSuggestions.get(a, 'm1'), undefined);
        assert.deepEqual(await store.audit.list(a), []);
        assert.deepEqual(await store.analytics.list({ installationId: a, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }), []);
        assert.equal(await store.idempotency.claim(a, 'k'), true, 'claims scoped to the installation are gone');
        assert.equal(await store.idempotency.claim(`${a}:jobs`, 'k'), true);
        assert.equal(await store.kv.get(a, 'k'), undefined);
        assert.equal(await store.kv.get(`${a}:slack`, 'k'), undefined);
        assert.equal(await store.kv.get(`${a}x`, 'k'), 1);

        assert.ok(await store.installations.get(b));
        assert.equal((await store.channelAccounts.list(b)).length, 1);
        assert.equal((await store.identities.listForContact(b, 1)).length, 1);
        assert.ok(await store.threads.get(b, 'discord', 't'));
        assert.ok(await store.messages.byChannelMessage(b, 'discord', 'm'));
        assert.equal((await store.knowledge.listDocuments(b)).length, 1);
        assert.equal(await store.knowledge.countChunks(b), 1);
        assert.equal((await store.knowledge.vectorSearch({ installationId: b, embedderId: 'hash-tfidf-32', vector, topK: 5 })).length, 1);
        assert.ok(await store.suggestions.get(b, 's1'));
        assert.ok(await store.mergeSuggestions.get(b, 'm1'));
        assert.equal((await store.audit.list(b)).length, 1);
        assert.equal((await store.analytics.list({ installationId: b, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })).length, 1);
        assert.equal(await store.idempotency.claim(b, 'k'), false);
        assert.equal(await store.idempotency.claim(`${b}:jobs`, 'k'), false);
        assert.equal(await store.kv.get(b, 'k'), 1);
        assert.equal(await store.kv.get(`${b}:slack`, 'k'), 1);
      });
    });

    describe('restart', function () {
      it('keeps every record across close and reopen', async function () {
        const random = seededRandom(21);
        const first = await open();
        const installation = await first.installations.create(newInstallation({ id: a }));
        await addDocument(first, a, 'doc');
        const chunks = [chunk(a, 'doc', 0, randomVector(random, 16)), chunk(a, 'doc', 1, randomVector(random, 16))];
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
          assert.equal(await second.messages.insert({
            installationId: a,
            channel: 'discord',
            channelMessageId: 'm',
            chatwootMessageId: 1,
            conversationId: 1,
            direction: 'outbound',
          }), false);
          assert.equal(await second.idempotency.claim(a, 'k'), false);
          assert.deepEqual(await second.kv.get(a, 'k'), { v: 1 });
        } finally {
          await second.close();
        }
      });
    });
  });
}
