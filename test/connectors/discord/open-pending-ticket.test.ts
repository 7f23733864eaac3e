/** Opening a `/support` ticket thread through the bridge: recorded step by step, once per conversation. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDiscordConnector } from '../../../connectors/discord/index.ts';
import { addressForStorage } from '../../../plugin/bridge/thread-address.ts';
import { openPendingThread } from '../../../plugin/bridge/open-pending-thread.ts';
import { silentLogger } from '../../../plugin/logger.ts';
import { createStore } from '../../../plugin/store/create-store.ts';
import type { Store, ThreadLinkRecord } from '../../../plugin/store/store.ts';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/fake-discord/start-fake-discord.ts';

const connector = createDiscordConnector();
const SUPPORT = '1187340021337800100';
const CUSTOMER = '1187340099900000011';

describe('opening a pending Discord ticket thread', () => {
  let fake: FakeDiscord;
  let store: Store;
  let dataDir: string;
  let conversationId = 100;
  const deps = () => ({ store, logger: silentLogger(), maxAttachmentBytes: 1_000_000 });

  before(async () => {
    fake = await startFakeDiscord();
    fake.state.addChannel(SUPPORT, 0);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-ticket-'));
    store = await createStore({ dataDir, logger: silentLogger() });
  });
  after(async () => {
    await store.close();
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The link the inbound `/support` event left: a conversation whose thread does not exist yet. */
  async function pendingTicket(): Promise<ThreadLinkRecord> {
    conversationId += 1;
    const interactionId = `13300000000000${conversationId}`;
    return store.threads.upsert({
      installationId: 'inst',
      channel: 'discord',
      threadKey: `ticket:${interactionId}`,
      conversationId,
      contactId: 5,
      sourceId: `discord:${CUSTOMER}`,
      address: addressForStorage({
        key: `ticket:${interactionId}`,
        kind: 'thread',
        address: {
          parentChannelId: SUPPORT,
          openForUserId: CUSTOMER,
          applicationId: fake.applicationId,
          interactionToken: `FAKE_token_${interactionId}`,
          guildId: '1187340021337800001',
        },
      }),
    });
  }
  const threadsCreated = () =>
    fake.state.requests.filter(
      (request) => request.method === 'POST' && request.path === `/api/v10/channels/${SUPPORT}/threads`,
    ).length;

  it('opens one thread for replies racing each other, and links the conversation to it', async () => {
    const link = await pendingTicket();
    const before = threadsCreated();
    const [first, second] = await Promise.all([
      openPendingThread(deps(), connector.threadOpener, fake.account(), link),
      openPendingThread(deps(), connector.threadOpener, fake.account(), link),
    ]);
    assert.equal(threadsCreated() - before, 1);
    assert.deepEqual(first, second);
    const threadId = first.address.channelId!;
    assert.ok(fake.state.channels.get(threadId)?.members.has(CUSTOMER));
    const current = await store.threads.findByConversation('inst', link.conversationId);
    assert.equal(
      current?.threadKey,
      `thread:${threadId}`,
      'messages from the thread map to the conversation',
    );
    assert.equal(
      (await store.threads.get('inst', 'discord', `thread:${threadId}`))?.conversationId,
      link.conversationId,
    );
    const ticketLink = await store.threads.get('inst', 'discord', link.threadKey);
    assert.equal(ticketLink?.address.channelId, threadId, 'the interaction id remembers the thread too');
    assert.equal(
      ticketLink?.address.interactionToken,
      undefined,
      'the interaction token is not kept once used',
    );
  });

  it('resumes after a failure once the thread exists, adding the customer to that thread', async () => {
    const link = await pendingTicket();
    const before = threadsCreated();
    // Both tries of the REST client fail: the thread is created, the customer is not added.
    fake.state.failRequests('PUT', /^\/channels\/\d+\/thread-members\/\d+$/, 2);
    await assert.rejects(openPendingThread(deps(), connector.threadOpener, fake.account(), link), /503/);
    const halfway = await store.threads.findByConversation('inst', link.conversationId);
    const threadId = halfway?.address.channelId;
    assert.ok(threadId && fake.state.channels.has(threadId), 'the created thread is recorded');

    const retried = await openPendingThread(deps(), connector.threadOpener, fake.account(), link);
    assert.equal(retried.address.channelId, threadId);
    assert.equal(threadsCreated() - before, 1, 'no second thread');
    assert.deepEqual([...fake.state.channels.get(threadId)!.members], [CUSTOMER]);

    const after = threadsCreated();
    const again = await openPendingThread(deps(), connector.threadOpener, fake.account(), link);
    assert.deepEqual(again, retried, 'an opened ticket is left alone');
    assert.equal(threadsCreated(), after);
  });
});
