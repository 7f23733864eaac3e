import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { createGeminiEmbedder } from '../../rag/embed/gemini-embedder.ts';
import type { Embedder } from '../../rag/embed/embedder.ts';
import { loadLocalEmbedder } from '../../rag/embed/local-embedder.ts';
import { ingestDocument } from '../../rag/ingest.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';
import type { FakeGeminiServer } from '../fakes/fake-gemini-server.ts';

/** The help center every journey's knowledge base holds. */
export const HELP_CENTER = [
  {
    source: 'https://help.example.com/shipping',
    title: 'Shipping times',
    text: '# Shipping times\n\nStandard shipping takes 3 to 5 business days within the EU. Express shipping arrives in 1 to 2 business days and costs 9 euros.',
  },
  {
    source: 'https://help.example.com/returns',
    title: 'Returns and refunds',
    text: '# Returns and refunds\n\nYou can return any item within 30 days of delivery. Refunds go back to the original payment method within 5 business days after the returned item arrives.',
  },
  {
    source: 'https://help.example.com/password',
    title: 'Resetting your password',
    text: '# Resetting your password\n\nTo reset your password, open Settings, then Account, and choose Reset password. The reset link we email you is valid for 24 hours.',
  },
  {
    source: 'https://help.example.com/hours',
    title: 'Opening hours',
    text: '# Opening hours\n\nOur support team works Monday to Friday from 9:00 to 18:00 Lisbon time. Our warehouse is closed on public holidays.',
  },
];

/** One message in a conversation, as the account API lists it. */
export interface ListedMessage {
  id: number;
  content: string | null;
  message_type: number;
  private: boolean;
  sender?: { type?: string };
}

export interface BotJourney {
  sandbox: RunningSandbox;
  omniloom: OmniloomHarness;
  api: SandboxApi;
  installationId: string;
  /** Receives the typing events of every conversation (an account webhook subscribed to them). */
  typing: WebhookReceiver;
  /** A customer message arriving in a native inbox exactly as Chatwoot records it. */
  customerSays(
    inboxId: number,
    phone: string,
    text: string,
  ): Promise<{ conversationId: number; messageId: number }>;
  messages(conversationId: number): Promise<ListedMessage[]>;
  /** Public messages the agent bot posted. */
  botReplies(conversationId: number): Promise<ListedMessage[]>;
  /** Private notes. */
  notes(conversationId: number): Promise<ListedMessage[]>;
  conversation(conversationId: number): Promise<any>;
  /** Typing events (`on`/`off`) delivered for one conversation, in order. */
  typingEvents(conversationId: number): Array<'on' | 'off'>;
  /** Installs (or re-installs with new settings). */
  install(settings: Record<string, unknown>, inboxes: number[]): Promise<void>;
  loadKnowledge(embedder: Embedder | 'local'): Promise<void>;
  requestViolations(): unknown[];
  stop(): Promise<void>;
}

/** Sandbox Chatwoot + a real Omniloom (optionally pointed at a fake Gemini), with helpers for bot journeys. */
export async function startBotJourney(options: { gemini?: FakeGeminiServer } = {}): Promise<BotJourney> {
  const sandbox = await startSandbox({ port: 0 });
  const env: Record<string, string> = options.gemini
    ? { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: options.gemini.url }
    : {};
  const omniloom = await startOmniloom({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...env } });
  const api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
  const typing = await startWebhookReceiver();
  await api.post('/webhooks', {
    webhook: {
      url: `${typing.url}/typing`,
      name: 'typing probe',
      subscriptions: ['conversation_typing_on', 'conversation_typing_off'],
    },
  });
  let installationId = '';

  const messages = async (conversationId: number) =>
    ((await api.get(`/conversations/${conversationId}/messages`)).payload as ListedMessage[]).filter(
      (message) => message.message_type !== 2,
    );

  return {
    sandbox,
    omniloom,
    api,
    typing,
    get installationId() {
      return installationId;
    },
    async customerSays(inboxId, phone, text) {
      const arrival = await api.post(`/__sandbox/inboxes/${inboxId}/incoming`, {
        contact: { name: `Customer ${phone.slice(-4)}`, phone_number: phone },
        content: text,
        source_id: `wamid.${Math.random().toString(36).slice(2)}`,
      });
      return { conversationId: arrival.conversation.id as number, messageId: arrival.message.id as number };
    },
    messages,
    async botReplies(conversationId) {
      return (await messages(conversationId)).filter(
        (message) => message.message_type === 1 && !message.private && message.sender?.type === 'agent_bot',
      );
    },
    async notes(conversationId) {
      return (await messages(conversationId)).filter((message) => message.private);
    },
    conversation: (conversationId) => api.get(`/conversations/${conversationId}`),
    typingEvents(conversationId) {
      return typing.received
        .map((request) => JSON.parse(request.body) as { event: string; conversation?: { id?: number } })
        .filter((event) => event.conversation?.id === conversationId)
        .map((event) => (event.event === 'conversation_typing_on' ? 'on' : 'off'));
    },
    async install(settings, inboxes) {
      const response = await omniloom.admin('/api/installations', {
        method: 'POST',
        json: {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          inboxes,
          settings,
        },
      });
      if (response.status >= 300)
        throw new Error(`install failed: ${response.status} ${await response.text()}`);
      installationId = ((await response.json()) as { installationId: string }).installationId;
    },
    async loadKnowledge(embedder) {
      const store = omniloom.runtime.store;
      const chosen = embedder === 'local' ? await loadLocalEmbedder(store.kv, installationId) : embedder;
      for (const article of HELP_CENTER) {
        await ingestDocument(store, chosen, {
          installationId,
          source: article.source,
          title: article.title,
          text: article.text,
          type: 'markdown',
          language: 'en',
        });
      }
      if (embedder === 'local') await refreshLocalEmbedder(store, installationId, { force: true });
    },
    requestViolations() {
      return sandbox.violations().filter((violation) => violation.direction === 'request');
    },
    async stop() {
      await omniloom.stop();
      await typing.close();
      await sandbox.close();
    },
  };
}

/** The Gemini embedder the service uses for a fake Gemini (same model and dimensions as the defaults). */
export function fakeGeminiEmbedder(gemini: FakeGeminiServer): Embedder {
  return createGeminiEmbedder({ apiKey: 'test-key', baseUrl: gemini.url, requestsPerMinute: 0 });
}

export { eventually };
