import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

function normalizedMessage(overrides: Record<string, unknown> = {}) {
  const id = randomUUID();
  return {
    kind: 'message',
    channel: 'webhook',
    dedupeKey: `msg-${id}`,
    occurredAt: new Date().toISOString(),
    channelMessageId: `m-${id}`,
    thread: { key: 'customer-42', kind: 'direct', address: { chat: '42' } },
    sender: {
      channelUserId: 'customer-42',
      displayName: 'Ada Lovelace',
      identifiers: [{ type: 'channel_user', value: 'webhook:customer-42', verified: true }],
    },
    text: 'Hello from the shop system — مرحبا 👩‍💻',
    attachments: [],
    ...overrides,
  };
}

describe('first end-to-end path: normalized inbound → Chatwoot → agent reply → outbound', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let receiver: WebhookReceiver;
  let installationId: string;
  let inboxId: number;
  const signingSecret = 'whsec-test-secret-value-1234';

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom();
    receiver = await startWebhookReceiver();
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels: ['webhook'] },
      })
    ).json()) as any;
    installationId = installed.installationId;
    inboxId = installed.inboxes.bridged.webhook;
    const configured = await omniloom.admin(`/api/installations/${installationId}/channels/webhook`, {
      method: 'PUT',
      json: { credentials: { signingSecret }, config: { outboundUrl: `${receiver.url}/replies` } },
    });
    assert.equal(configured.status, 200, await configured.clone().text());
  });

  after(async () => {
    await omniloom?.stop();
    await receiver?.close();
    await sandbox?.close();
  });

  async function conversationMessages() {
    const list = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{ id: number }>;
    if (list.length === 0) return [];
    return (await api.get(`/conversations/${list[0]!.id}/messages`)).payload as Array<{ content: string; message_type: number; source_id: string | null }>;
  }

  it('posts an inbound message once, however often it is delivered', async () => {
    const message = normalizedMessage();
    const first = await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: message });
    assert.equal(first.status, 202, await first.clone().text());
    assert.deepEqual(await first.json(), { status: 'accepted', queued: 1, duplicates: 0, ignored: 0 });

    const incoming = await eventually(async () => (await conversationMessages()).find((m) => m.source_id === message.channelMessageId), 10_000, 'incoming message');
    assert.equal(incoming.content, message.text);
    assert.equal(incoming.message_type, 0);

    const again = await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: message });
    assert.deepEqual(await again.json(), { status: 'accepted', queued: 0, duplicates: 1, ignored: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await conversationMessages()).filter((m) => m.source_id === message.channelMessageId).length, 1);
  });

  it('reuses the conversation and contact for the same thread', async () => {
    await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: normalizedMessage({ text: 'second message' }) });
    await eventually(async () => (await conversationMessages()).some((m) => m.content === 'second message'), 10_000, 'second message');
    const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload;
    assert.equal(conversations.length, 1);
  });

  it('sends an agent reply back out through the channel, signed', async () => {
    const conversation = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload[0];
    await api.post(`/conversations/${conversation.id}/messages`, { content: 'Thanks **Ada**, on it!', message_type: 'outgoing' });
    await api.post(`/conversations/${conversation.id}/messages`, { content: 'internal note', private: true });
    const delivery = await eventually(() => receiver.received.find((request) => request.url === '/replies'), 10_000, 'outbound delivery');
    const body = JSON.parse(delivery.body);
    assert.equal(body.message.text, 'Thanks **Ada**, on it!');
    assert.equal(body.message.thread.key, 'customer-42');
    const timestamp = String(delivery.headers['x-omniloom-timestamp']);
    const expected = `sha256=${createHmac('sha256', signingSecret).update(`${timestamp}.`).update(delivery.body).digest('hex')}`;
    assert.equal(delivery.headers['x-omniloom-signature'], expected);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(receiver.received.filter((request) => request.url === '/replies').length, 1, 'private notes never go out');
  });

  it('rejects malformed and invalid input with a clear 4xx', async () => {
    const malformed = await fetch(`${omniloom.url}/api/installations/${installationId}/inbound`, {
      method: 'POST',
      headers: { authorization: `Bearer ${omniloom.adminToken}`, 'content-type': 'application/json' },
      body: '{"kind":',
    });
    assert.equal(malformed.status, 400);
    const invalid = await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: { kind: 'message' } });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as any).error.message, /channelMessageId/);
    const unknownChannel = await omniloom.admin(`/api/installations/${installationId}/inbound`, {
      method: 'POST',
      json: normalizedMessage({ channel: 'nosuch' }),
    });
    assert.equal(unknownChannel.status, 422);
    const oversized = await omniloom.admin(`/api/installations/${installationId}/inbound`, {
      method: 'POST',
      json: normalizedMessage({ text: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(oversized.status, 413);
  });

  it('accepts signed deliveries on the channel webhook and refuses bad signatures', async () => {
    const body = JSON.stringify(normalizedMessage({ text: 'via signed webhook' }));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', signingSecret).update(`${timestamp}.`).update(body).digest('hex')}`;
    const url = `${omniloom.url}/webhooks/webhook/${installationId}`;
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-omniloom-timestamp': timestamp, 'x-omniloom-signature': 'sha256=00' }, body });
    assert.equal(bad.status, 401);
    const good = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-omniloom-timestamp': timestamp, 'x-omniloom-signature': signature }, body });
    assert.equal(good.status, 200, await good.clone().text());
    await eventually(async () => (await conversationMessages()).some((m) => m.content === 'via signed webhook'), 10_000, 'signed message');
    await sandbox.settle();
    assert.deepEqual(sandbox.violations().filter((violation: any) => violation.direction === 'request'), []);
  });
});
