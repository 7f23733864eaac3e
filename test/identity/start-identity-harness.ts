/**
 * The world the identity journeys run in: a sandbox Chatwoot with native
 * inboxes (email, WhatsApp, SMS, Telegram, web widget), Omniloom installed
 * into it with two bridged channels (the generic webhook channel and Slack,
 * whose Web API is faked), and helpers to make customers write and to wait
 * until Omniloom has handled everything.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { toSlackSender } from '../../connectors/slack/parse-slack-payload.ts';
import { enrichSlackSender } from '../../connectors/slack/enrich-slack-sender.ts';
import { silentLogger } from '../../plugin/logger.ts';
import type { ContactIdentityView } from '../../plugin/identity/present-contact-identity.ts';
import type { NativeMessageInput } from '../../sandbox/channels/native-message-input.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import type { ContactRecord } from '../../sandbox/state/records.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack/start-fake-slack.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

/** Queues whose work must be finished before a journey looks at the result. */
const WATCHED_QUEUES = ['inbound', 'chatwoot-events', 'cw-identity', 'identity'];

export interface NativeInboxes {
  email: number;
  whatsapp: number;
  sms: number;
  telegram: number;
  widget: number;
}

export interface IdentityHarness {
  sandbox: RunningSandbox;
  omniloom: OmniloomHarness;
  fakeSlack: FakeSlack;
  api: SandboxApi;
  installationId: string;
  inboxes: NativeInboxes & { slack: number; webhook: number };
  /** The widget inbox's HMAC secret (what the customer's web server signs identifiers with). */
  widgetHmacToken: string;
  /** A customer writes on a native inbox; resolves with the sandbox's answer. */
  native(inboxId: number, input: NativeMessageInput): Promise<{ status: number; body: any }>;
  /** A customer writes through the generic webhook channel (an SMS gateway, a shop system …). */
  viaWebhook(
    user: string,
    text: string,
    identifiers: Array<Record<string, unknown>>,
    thread?: string,
  ): Promise<void>;
  /** A Slack Connect user writes; the sender is what the Slack connector reports after users.info. */
  viaSlack(userId: string, text: string, thread?: string): Promise<void>;
  /** Waits until the sandbox delivered every event and Omniloom's queues are empty. */
  settle(): Promise<void>;
  identity(contactId: number): Promise<ContactIdentityView>;
  post(path: string, json?: unknown): Promise<{ status: number; body: any }>;
  /** Contacts of the sandbox account holding a contact_inbox in one of these inboxes with one of these source ids. */
  contactsAt(where: Array<{ inboxId: number; sourceId?: string }>): ContactRecord[];
  conversationsOf(contactId: number): Array<{ id: number; inboxId: number }>;
  hmacOf(identifier: string): string;
  stop(): Promise<void>;
}

export async function startIdentityHarness(
  options: { settings?: Record<string, unknown>; env?: Record<string, string> } = {},
): Promise<IdentityHarness> {
  const sandbox = await startSandbox({ port: 0 });
  const omniloom = await startOmniloom({
    env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...options.env },
  });
  const fakeSlack = await startFakeSlack();
  const api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);

  const createInbox = async (body: Record<string, unknown>) =>
    (await api.post('/__sandbox/inboxes', body)) as { id: number };
  const widgetHmacToken = `hmac-${randomUUID()}`;
  const inboxes: NativeInboxes = {
    email: (
      await createInbox({
        channel_type: 'Channel::Email',
        name: 'Support email',
        email: 'support@shop.example',
      })
    ).id,
    whatsapp: (
      await createInbox({ channel_type: 'Channel::Whatsapp', name: 'WhatsApp', phone_number: '+14155550000' })
    ).id,
    sms: (await createInbox({ channel_type: 'Channel::Sms', name: 'SMS', phone_number: '+14155550001' })).id,
    telegram: (
      await createInbox({ channel_type: 'Channel::Telegram', name: 'Telegram', bot_name: 'shop_bot' })
    ).id,
    widget: (
      await createInbox({
        channel_type: 'Channel::WebWidget',
        name: 'Website',
        website_url: 'https://shop.example',
        hmac_token: widgetHmacToken,
      })
    ).id,
  };

  const installed = await omniloom.admin('/api/installations', {
    method: 'POST',
    json: {
      chatwootUrl: sandbox.url,
      accountId: sandbox.accountId,
      token: sandbox.adminToken,
      channels: ['webhook', 'slack'],
      ...(options.settings ? { settings: options.settings } : {}),
    },
  });
  const install = (await installed.json()) as any;
  assert.ok(installed.status < 300, JSON.stringify(install));
  const installationId = install.installationId as string;
  for (const [channel, setup] of Object.entries({
    webhook: {
      credentials: { signingSecret: 'whsec-identity-journeys' },
      config: { outboundUrl: 'http://127.0.0.1:9/unused' },
    },
    slack: {
      credentials: { signingSecret: fakeSlack.signingSecret, botToken: fakeSlack.botToken },
      config: { apiBaseUrl: fakeSlack.apiBaseUrl },
    },
  })) {
    const configured = await omniloom.admin(`/api/installations/${installationId}/channels/${channel}`, {
      method: 'PUT',
      json: setup,
    });
    assert.equal(configured.status, 200, await configured.clone().text());
  }

  // Installing is covered by the install tests; the journeys answer for what happens after it.
  await api.delete('/__sandbox/violations');

  const post = async (path: string, json?: unknown) => {
    const response = await omniloom.admin(path, { method: 'POST', json: json ?? {} });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const inbound = async (event: Record<string, unknown>) => {
    const { status, body } = await post(`/api/installations/${installationId}/inbound`, event);
    assert.equal(status, 202, JSON.stringify(body));
  };

  const message = (channel: string, thread: string, sender: Record<string, unknown>, text: string) => {
    const id = randomUUID();
    return {
      kind: 'message',
      channel,
      dedupeKey: `journey-${id}`,
      occurredAt: new Date().toISOString(),
      channelMessageId: `m-${id}`,
      thread: { key: thread, kind: 'direct', address: { chat: thread } },
      sender,
      text,
      attachments: [],
    };
  };

  const harness: IdentityHarness = {
    sandbox,
    omniloom,
    fakeSlack,
    api,
    installationId,
    inboxes: { ...inboxes, slack: install.inboxes.bridged.slack, webhook: install.inboxes.bridged.webhook },
    widgetHmacToken,
    async native(inboxId, input) {
      const response = await fetch(`${sandbox.url}/__sandbox/inboxes/${inboxId}/incoming`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', api_access_token: sandbox.adminToken },
        body: JSON.stringify(input),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async viaWebhook(user, text, identifiers, thread = `chat-${user}`) {
      const sender = {
        channelUserId: user,
        displayName: user,
        identifiers: [{ type: 'channel_user', value: `webhook:${user}`, verified: true }, ...identifiers],
      };
      await inbound(message('webhook', thread, sender, text));
    },
    async viaSlack(userId, text, thread = `im:D${userId}`) {
      const sender = await enrichSlackSender(toSlackSender(userId, 'TEXTERNAL1'), fakeSlack.account(), {
        logger: silentLogger(),
        maxAttachmentBytes: 1_000_000,
      });
      await inbound(message('slack', thread, sender as unknown as Record<string, unknown>, text));
    },
    async settle() {
      let quiet = 0;
      const deadline = Date.now() + 30_000;
      while (quiet < 3) {
        if (Date.now() > deadline) throw new Error('Omniloom did not settle within 30 s');
        await sandbox.settle();
        const counts = await Promise.all(WATCHED_QUEUES.map((queue) => omniloom.runtime.queue.counts(queue)));
        const busy = counts.some((count) => count.waiting + count.active + count.delayed > 0);
        quiet = busy ? 0 : quiet + 1;
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    },
    async identity(contactId) {
      const response = await omniloom.admin(
        `/api/installations/${installationId}/contacts/${contactId}/identity`,
      );
      assert.equal(response.status, 200, await response.clone().text());
      return (await response.json()) as ContactIdentityView;
    },
    post,
    contactsAt(where) {
      const ids = new Set<number>();
      for (const row of sandbox.state.contactInboxes.values()) {
        if (
          where.some(
            (w) => w.inboxId === row.inboxId && (w.sourceId === undefined || w.sourceId === row.sourceId),
          )
        ) {
          ids.add(row.contactId);
        }
      }
      return [...ids]
        .map((id) => sandbox.state.contacts.get(id))
        .filter((contact): contact is ContactRecord => Boolean(contact));
    },
    conversationsOf(contactId) {
      return [...sandbox.state.conversations.values()]
        .filter((conversation) => conversation.contactId === contactId)
        .map((conversation) => ({ id: conversation.displayId, inboxId: conversation.inboxId }));
    },
    hmacOf(identifier) {
      return createHmac('sha256', widgetHmacToken).update(identifier).digest('hex');
    },
    async stop() {
      await omniloom.stop();
      await fakeSlack.close();
      await sandbox.close();
    },
  };
  return harness;
}
