/**
 * The world the panel tests run in: a sandbox Chatwoot with an email and a
 * Telegram inbox, Omniloom installed into it (its dashboard app points at the
 * panel), a customer who wrote by email and then on Telegram with the same
 * address typed in (so the identity module suggests a merge), and helpers to
 * talk to the panel API with a session.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  issueDashboardSession,
  SESSION_HEADER,
  SESSION_KEY_PURPOSE,
} from '../../dashboard-extension/index.ts';
import { ingestDocument, loadLocalEmbedder } from '../../rag/index.ts';
import type { SuggestionRecord } from '../../plugin/store/store.ts';
import type { NativeMessageInput } from '../../sandbox/channels/native-message-input.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

export interface Customer {
  email: string;
  emailContactId: number;
  emailConversationId: number;
  telegramUser: string;
  telegramContactId: number;
  telegramConversationId: number;
  /** The Telegram message that typed the email address. */
  telegramMessageId: number;
}

export interface PanelWorld {
  sandbox: RunningSandbox;
  omniloom: OmniloomHarness;
  api: SandboxApi;
  installationId: string;
  inboxes: { email: number; telegram: number };
  /** A customer writes on a native inbox; resolves with the sandbox's answer. */
  native(inboxId: number, input: NativeMessageInput): Promise<any>;
  /** A new customer: an email, then a Telegram message claiming the same address; resolves once the merge suggestion exists. */
  newCustomer(name: string): Promise<Customer>;
  /** A panel session token for an installation (default: this one), optionally issued at another time. */
  session(options?: { installationId?: string; now?: Date; ttlMs?: number }): Promise<string>;
  /** Calls the panel API of this installation (`/dashboard/:id/api…`) with a fresh session unless one is given. */
  panel(
    path: string,
    init?: { method?: string; json?: unknown; session?: string | null },
  ): Promise<{ status: number; body: any }>;
  /** Stores a pending suggestion for a customer message, as the AI agent does. */
  addSuggestion(
    conversationId: number,
    messageId: number,
    fields?: Partial<SuggestionRecord>,
  ): Promise<SuggestionRecord>;
  /** Puts a shipping and returns guide in the installation's knowledge base, so the AI agent has something to suggest. */
  addKnowledge(): Promise<void>;
  /** The sandbox's messages of a conversation (by display id). */
  messagesOf(
    conversationId: number,
  ): Array<{ content: string | null; messageType: string; private: boolean }>;
  stop(): Promise<void>;
}

let sequence = 0;

export async function startPanelWorld(): Promise<PanelWorld> {
  const sandbox = await startSandbox({ port: 0 });
  const omniloom = await startOmniloom({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn' } });
  const api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
  const inboxes = {
    email: (
      await api.post('/__sandbox/inboxes', {
        channel_type: 'Channel::Email',
        name: 'Support email',
        email: 'help@tiles.example',
      })
    ).id as number,
    telegram: (
      await api.post('/__sandbox/inboxes', {
        channel_type: 'Channel::Telegram',
        name: 'Telegram',
        bot_name: 'tiles_bot',
      })
    ).id as number,
  };
  const installed = await omniloom.admin('/api/installations', {
    method: 'POST',
    json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels: [] },
  });
  const install = (await installed.json()) as any;
  assert.ok(installed.status < 300, JSON.stringify(install));
  const installationId = install.installationId as string;
  const sessionKey = omniloom.runtime.secrets.deriveKey(SESSION_KEY_PURPOSE);

  const native = async (inboxId: number, input: NativeMessageInput) => {
    const response = await fetch(`${sandbox.url}/__sandbox/inboxes/${inboxId}/incoming`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', api_access_token: sandbox.adminToken },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    assert.ok(response.status < 300, text);
    return JSON.parse(text);
  };

  const world: PanelWorld = {
    sandbox,
    omniloom,
    api,
    installationId,
    inboxes,
    native,
    async newCustomer(name) {
      sequence += 1;
      const email = `${name.toLowerCase()}-${sequence}-${randomUUID().slice(0, 6)}@mail.example`;
      const mail = await native(inboxes.email, {
        contact: { email, name },
        content: 'Hello, my order of terracotta tiles has not arrived.',
        email: { subject: 'Order' },
      });
      const telegramUser = String(100_000 + Math.floor(Math.random() * 1e8));
      const telegram = await native(inboxes.telegram, {
        contact: { source_id: telegramUser, name: `${name} T` },
        content: `Hi, it's me again, my email is ${email}. Where is my order?`,
        source_id: `tg-${randomUUID()}`,
      });
      const customer: Customer = {
        email,
        emailContactId: mail.contact.id,
        emailConversationId: mail.conversation.id,
        telegramUser,
        telegramContactId: telegram.contact.id,
        telegramConversationId: telegram.conversation.id,
        telegramMessageId: telegram.message.id,
      };
      await eventually(
        async () =>
          (
            await omniloom.runtime.store.mergeSuggestions.listForContact(
              installationId,
              customer.telegramContactId,
              'pending',
            )
          ).length > 0,
        20_000,
        'the identity module to suggest a merge',
      );
      return customer;
    },
    async session(options = {}) {
      const issued = await issueDashboardSession(sessionKey, {
        installationId: options.installationId ?? installationId,
        now: options.now ?? new Date(),
        ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}),
      });
      return issued.token;
    },
    async panel(path, init = {}) {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = init.session === undefined ? await world.session() : init.session;
      if (token !== null) headers[SESSION_HEADER] = token;
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${omniloom.url}/dashboard/${installationId}/api${path}`, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async addSuggestion(conversationId, messageId, fields = {}) {
      return omniloom.runtime.store.suggestions.create({
        id: randomUUID(),
        installationId,
        conversationId,
        chatwootMessageId: messageId,
        text: 'Your tiles left our warehouse yesterday; the tracking link is in your order email.',
        confidence: 0.82,
        sources: [
          {
            chunkId: 'chunk-shipping-1',
            documentId: 'doc-shipping',
            title: 'Shipping times',
            excerpt: 'Orders ship within 2 working days. A tracking link is emailed when the parcel leaves.',
            score: 0.74,
          },
        ],
        status: 'pending',
        createdAt: new Date().toISOString(),
        ...fields,
      });
    },
    async addKnowledge() {
      const embedder = await loadLocalEmbedder(omniloom.runtime.store.kv, installationId);
      await ingestDocument(omniloom.runtime.store, embedder, {
        installationId,
        source: 'https://tiles.example/help/shipping',
        title: 'Shipping and delivery',
        type: 'markdown',
        text: [
          '# Shipping and delivery',
          '## Where is my order?',
          'Orders of tiles ship within two working days. When your order leaves our warehouse we email a tracking link; delivery takes three to five working days after that.',
          '## How long does shipping take?',
          'Shipping takes three to five working days inside the EU. Express shipping arrives the next working day for orders placed before noon.',
          '## Returns',
          'You can return unused tiles within 30 days. Write to us with your order number and we send a prepaid return label.',
        ].join('\n\n'),
      });
    },
    messagesOf(conversationId) {
      const conversation = sandbox.state.findConversation(sandbox.accountId, conversationId);
      assert.ok(conversation, `conversation ${conversationId}`);
      return sandbox.state.messagesOf(conversation.id);
    },
    async stop() {
      await omniloom.stop();
      await sandbox.close();
    },
  };
  return world;
}
