import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually, startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const MESSAGES_PATH = '/api/v1/accounts/*/conversations/*/messages';

function message(text: string) {
  const id = randomUUID();
  return {
    kind: 'message',
    channel: 'webhook',
    dedupeKey: id,
    occurredAt: new Date().toISOString(),
    channelMessageId: `m-${id}`,
    thread: { key: 'fault-customer', kind: 'direct', address: {} },
    sender: { channelUserId: 'fault-customer', displayName: 'Grace', identifiers: [] },
    text,
    attachments: [],
  };
}

describe('faults: Chatwoot and channel failures are retried, delivered once, or dead-lettered and retryable', function () {
  this.timeout(90_000);
  let sandbox: RunningSandbox;
  let omniloom: OmniloomHarness;
  let api: SandboxApi;
  let receiver: WebhookReceiver;
  let installationId: string;
  let inboxId: number;

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    omniloom = await startOmniloom({ env: { OMNILOOM_JOB_ATTEMPTS: '3', OMNILOOM_JOB_BACKOFF_MS: '50' } });
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
    await omniloom.admin(`/api/installations/${installationId}/channels/webhook`, {
      method: 'PUT',
      json: { credentials: { signingSecret: 'fault-test-secret-0001' }, config: { outboundUrl: `${receiver.url}/out` } },
    });
  });

  afterEach(async () => {
    await api.delete('/__sandbox/faults');
  });

  after(async () => {
    await omniloom?.stop();
    await receiver?.close();
    await sandbox?.close();
  });

  async function messagesWithSource(sourceId: string) {
    const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{ id: number }>;
    const found = [];
    for (const conversation of conversations) {
      const page = (await api.get(`/conversations/${conversation.id}/messages`)).payload as Array<{ source_id: string | null }>;
      found.push(...page.filter((entry) => entry.source_id === sourceId));
    }
    return found;
  }

  it('survives 500s, a 429 with Retry-After and a dropped connection, and posts exactly once', async () => {
    await api.post('/__sandbox/faults', { method: 'POST', path: MESSAGES_PATH, status: 500, times: 2 });
    await api.post('/__sandbox/faults', { method: 'POST', path: MESSAGES_PATH, status: 429, headers: { 'Retry-After': '1' }, times: 1 });
    await api.post('/__sandbox/faults', { method: 'POST', path: MESSAGES_PATH, drop: true, times: 1 });
    const inbound = message('through the storm');
    const accepted = await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: inbound });
    assert.equal(accepted.status, 202);
    await eventually(async () => (await messagesWithSource(inbound.channelMessageId)).length > 0, 30_000, 'message after faults');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await messagesWithSource(inbound.channelMessageId)).length, 1);
    const faults = (await api.get('/__sandbox/faults')) as Array<{ hits: number }>;
    assert.ok(faults.every((fault) => fault.hits >= 1), 'every injected fault was hit');
  });

  it('dead-letters after the retry budget, shows it, and delivers once when retried', async () => {
    await api.post('/__sandbox/faults', { method: 'POST', path: MESSAGES_PATH, status: 500, times: 1000 });
    const inbound = message('never give up');
    await omniloom.admin(`/api/installations/${installationId}/inbound`, { method: 'POST', json: inbound });
    const dead = await eventually(
      async () => {
        const list = ((await (await omniloom.admin('/api/dead-letters?queue=inbound')).json()) as any).deadLetters as Array<any>;
        return list.find((entry) => entry.installationId === installationId);
      },
      45_000,
      'dead letter',
    );
    assert.equal(dead.attempts, 3);
    assert.match(dead.error, /500/);
    assert.equal((await messagesWithSource(inbound.channelMessageId)).length, 0);

    await api.delete('/__sandbox/faults');
    const retried = await omniloom.admin(`/api/dead-letters/inbound/${encodeURIComponent(dead.id)}/retry`, { method: 'POST' });
    assert.equal(retried.status, 200);
    await eventually(async () => (await messagesWithSource(inbound.channelMessageId)).length === 1, 20_000, 'message after retry');
    const remaining = ((await (await omniloom.admin('/api/dead-letters?queue=inbound')).json()) as any).deadLetters;
    assert.equal(remaining.length, 0);
  });

  it('retries a failing channel endpoint and sends the reply once', async () => {
    const conversation = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload[0];
    receiver.respondWith(503);
    const before = receiver.received.length;
    await api.post(`/conversations/${conversation.id}/messages`, { content: 'reply after an outage', message_type: 'outgoing' });
    await eventually(() => receiver.received.length - before >= 2, 20_000, 'failed attempts');
    receiver.respondWith(200, { channelMessageId: 'remote-1' });
    await eventually(
      () => receiver.received.some((request) => request.body.includes('reply after an outage') && request.url === '/out') && receiver.received.length - before >= 3,
      20_000,
      'successful attempt',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = receiver.received.slice(before).filter((request) => request.body.includes('reply after an outage'));
    assert.equal(sent.length, 3, 'two failures, then one success, then nothing more');
    await sandbox.settle();
    assert.deepEqual(sandbox.violations().filter((violation: any) => violation.direction === 'request'), []);
  });
});
