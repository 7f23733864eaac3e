import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server as SocketServer } from 'socket.io';
import { io as connectSocket } from 'socket.io-client';
import { storeSuggestion } from '../../plugin/bot/suggest/create-suggestion.ts';
import { suggestOnce } from '../../plugin/bot/suggest/suggest-once.ts';
import {
  conversationRoom,
  SUGGESTION_NEW_EVENT,
  type SuggestionNewPayload,
} from '../../plugin/bot/suggest/suggestion-events.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { createStore } from '../../plugin/store/create-store.ts';
import type { Store } from '../../plugin/store/store.ts';

const content = (reply: string) => ({
  reply,
  confidence: 0.73,
  sources: [{ id: 'c1', documentId: 'd1', title: 'Refunds', text: 'x'.repeat(400), score: 0.11 }],
  language: 'en',
  extractive: false,
});

describe('suggestions: stored, superseded, pushed over socket.io', () => {
  let dataDir: string;
  let store: Store;
  let io: SocketServer;
  let url: string;
  const received: SuggestionNewPayload[] = [];

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-bot-suggest-'));
    store = await createStore({ dataDir, logger: silentLogger() });
    const server = createServer();
    io = new SocketServer(server);
    // Stands in for the dashboard's room join: every test socket watches conversation 7.
    io.on('connection', (socket) => void socket.join(conversationRoom('inst', 7)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores a pending suggestion with trimmed excerpts, supersedes the previous one and emits suggestion:new to the room', async () => {
    const socket = connectSocket(url, { transports: ['websocket'] });
    socket.on(SUGGESTION_NEW_EVENT, (payload: SuggestionNewPayload) => received.push(payload));
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const deps = { store, logger: silentLogger(), realtime: io, now: () => new Date('2025-11-20T10:00:00Z') };
    const first = await storeSuggestion(
      deps,
      { installationId: 'inst', conversationId: 7, messageId: 100 },
      content('First'),
    );
    const second = await storeSuggestion(
      deps,
      { installationId: 'inst', conversationId: 7, messageId: 101 },
      content('Second'),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.disconnect();

    assert.equal((await store.suggestions.get('inst', first!.id))!.status, 'superseded');
    const stored = await store.suggestions.get('inst', second!.id);
    assert.equal(stored!.status, 'pending');
    assert.equal(stored!.sources[0]!.excerpt.length, 280);
    assert.equal(received.length, 2);
    assert.deepEqual(received[1], {
      installationId: 'inst',
      conversationId: 7,
      suggestion: stored,
      supersededIds: [first!.id],
      language: 'en',
      extractive: false,
    });
    assert.equal(
      await storeSuggestion(deps, { installationId: 'inst', conversationId: 7, messageId: 102 }, content('')),
      undefined,
    );
  });

  it('creates one suggestion per message, computing it only for the first caller', async () => {
    const deps = { store, logger: silentLogger(), now: () => new Date() };
    const facts = {
      installationId: 'inst',
      conversationId: 8,
      inboxId: 3,
      messageId: 200,
      channel: 'sms',
      text: 'q',
      labels: [],
      contactAttributes: {},
    };
    let computed = 0;
    const make = async () => {
      computed++;
      return content('Only once');
    };
    const [a, b] = await Promise.all([suggestOnce(deps, facts, make), suggestOnce(deps, facts, make)]);
    assert.equal(computed, 1);
    assert.equal([a, b].filter(Boolean).length, 1);
    assert.equal((await store.suggestions.listForConversation('inst', 8)).length, 1);
    const [event] = await store.analytics.list({
      installationId: 'inst',
      from: '2000-01-01',
      to: '2100-01-01',
      types: ['suggestion.created'],
    });
    assert.equal(event!.channel, 'sms');
    assert.equal(event!.data.confidence, 0.73);

    await assert.rejects(
      suggestOnce(deps, { ...facts, messageId: 201 }, async () => {
        throw new Error('model down');
      }),
      /model down/,
    );
    assert.ok(
      await suggestOnce(deps, { ...facts, messageId: 201 }, make),
      'a failed attempt releases the claim for the retry',
    );
  });
});
