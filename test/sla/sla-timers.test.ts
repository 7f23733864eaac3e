/**
 * SLA timers are durable delayed jobs. With a fake clock, the SQLite store
 * and the embedded queue on one data directory, and the sandbox Chatwoot:
 * a warning and a breach each fire exactly once even when the process stops
 * and starts again in between; a timer whose conversation was answered
 * meanwhile does nothing; a reply whose event never arrived is found in
 * Chatwoot.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChatwootEventJob } from '../../plugin/chatwoot-events/chatwoot-event.ts';
import { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { openEmbeddedQueue } from '../../plugin/queue/embedded/open-embedded-queue.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { createSecretBox } from '../../plugin/security/secret-box.ts';
import { handleSlaEvent } from '../../plugin/sla/handle-sla-event.ts';
import { SLA_TIMER_QUEUE, startSlaTimers, type SlaDeps } from '../../plugin/sla/index.ts';
import { sqliteFileFor } from '../../plugin/store/create-store.ts';
import { openSqliteStore } from '../../plugin/store/sqlite/open-sqlite-store.ts';
import type { Store } from '../../plugin/store/store.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { eventually } from '../helpers/start-omniloom.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

const MINUTE = 60_000;

describe('SLA timers (fake clock, restart in between)', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let api: SandboxApi;
  let receiver: WebhookReceiver;
  let dataDir: string;
  let inboxId: number;
  let installationId: string;
  const secrets = createSecretBox(randomBytes(32).toString('hex'));
  // Starts at real time: the sandbox stamps messages with the real clock.
  let nowMs = Date.now();
  let running: { store: Store; queue: JobQueue; deps: SlaDeps } | undefined;

  async function boot(): Promise<SlaDeps> {
    const store = await openSqliteStore({ file: sqliteFileFor(dataDir) });
    const queue = await openEmbeddedQueue({
      file: sqliteFileFor(dataDir),
      clock: () => nowMs,
      pollIntervalMs: 25,
    });
    const directory = new InstallationDirectory({
      store,
      secrets,
      logger: silentLogger(),
      chatwootTimeoutMs: 5000,
      ttlMs: 0,
    });
    const deps: SlaDeps = { store, queue, directory, logger: silentLogger(), now: () => new Date(nowMs) };
    startSlaTimers(deps);
    running = { store, queue, deps };
    return deps;
  }
  async function shutdown(): Promise<void> {
    await running?.queue.close(2000);
    await running?.store.close();
    running = undefined;
  }

  /** Account-webhook deliveries of one event type for a conversation, as Omniloom would queue them. */
  async function delivered(event: string, match: (payload: any) => boolean): Promise<ChatwootEventJob> {
    await sandbox.settle();
    const request = receiver.received
      .map((entry) => JSON.parse(entry.body))
      .find((payload) => payload.event === event && match(payload));
    assert.ok(request, `no ${event} delivered`);
    return {
      installationId,
      receiver: 'account',
      event: event as ChatwootEventJob['event'],
      eventKey: `account:${event}:${request.id}:${randomUUID()}`,
      payload: request,
      receivedAt: new Date(nowMs).toISOString(),
    };
  }
  async function customerWrites(
    name: string,
    content: string,
  ): Promise<{ conversationId: number; job: ChatwootEventJob }> {
    const arrival = await api.post(`/__sandbox/inboxes/${inboxId}/incoming`, {
      contact: { name, phone_number: `+49151${Math.floor(Math.random() * 1e7)}` },
      content,
    });
    const job = await delivered('message_created', (payload) => payload.id === arrival.message.id);
    return { conversationId: arrival.conversation.id, job };
  }
  const notes = async (conversationId: number) =>
    (
      (await api.get(`/conversations/${conversationId}/messages`)).payload as Array<{
        private: boolean;
        content: string;
      }>
    )
      .filter((message) => message.private)
      .map((message) => message.content);
  const analytics = async (store: Store, conversationId: number) =>
    (await store.analytics.list({ installationId, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }))
      .filter((event) => event.conversationId === conversationId)
      .map((event) => event.type);
  const settleQueue = (queue: JobQueue) =>
    eventually(
      async () => {
        const counts = await queue.counts(SLA_TIMER_QUEUE);
        return counts.waiting === 0 && counts.active === 0 ? counts : undefined;
      },
      10_000,
      'the timer queue to drain',
    );

  before(async () => {
    // Read the clock when the suite runs, not when the file loads: in a full run that can be minutes earlier.
    nowMs = Date.now();
    sandbox = await startSandbox({ port: 0 });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    receiver = await startWebhookReceiver();
    await api.post('/webhooks', {
      webhook: {
        url: `${receiver.url}/account`,
        subscriptions: ['message_created', 'conversation_status_changed'],
      },
    });
    inboxId = (await api.post('/__sandbox/inboxes', { channel_type: 'Channel::Whatsapp', name: 'WhatsApp' }))
      .id;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-sla-'));
    const deps = await boot();
    installationId = randomUUID();
    await deps.store.installations.create({
      id: installationId,
      chatwootUrl: sandbox.url,
      accountId: sandbox.accountId,
      tokenCiphertext: secrets.seal(sandbox.adminToken),
      urlSecretCiphertext: secrets.seal('url-secret'),
      settings: {
        routing: { timezone: 'Europe/Berlin' },
        sla: {
          warnBeforeMinutes: 10,
          targets: [{ name: 'Standard', firstResponseMinutes: 30, nextResponseMinutes: 60 }],
        },
      },
      provisioned: {},
      status: 'active',
    });
  });

  after(async () => {
    await shutdown();
    await receiver?.close();
    await sandbox?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('warns and records the breach once each, across a restart', async () => {
    const deps = running!.deps;
    const { conversationId, job } = await customerWrites('Marta', 'Where is my order?');
    await handleSlaEvent(deps, job);
    assert.equal((await deps.queue.counts(SLA_TIMER_QUEUE)).delayed, 2);
    // A redelivered event queues nothing new.
    await handleSlaEvent(deps, { ...job, eventKey: `${job.eventKey}-again` });
    assert.equal((await deps.queue.counts(SLA_TIMER_QUEUE)).delayed, 2);

    await shutdown();
    nowMs += 21 * MINUTE; // past the warning (20 min), before the deadline (30 min)
    const restarted = await boot();
    await eventually(
      async () => (await notes(conversationId)).some((note) => note.includes('SLA warning')),
      10_000,
      'the warning note',
    );
    assert.equal((await api.get(`/conversations/${conversationId}`)).priority, 'medium');
    await settleQueue(restarted.queue);
    // Replaying the customer's message after the warning changes nothing: same clock, timers already queued or done.
    await handleSlaEvent(restarted, { ...job, eventKey: `${job.eventKey}-replay` });

    await shutdown();
    nowMs += 10 * MINUTE; // past the deadline
    const again = await boot();
    await eventually(
      async () => (await notes(conversationId)).some((note) => note.includes('SLA missed')),
      10_000,
      'the breach note',
    );
    await settleQueue(again.queue);
    // Give a stray duplicate every chance to show up.
    nowMs += 60 * MINUTE;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await settleQueue(again.queue);

    const all = await notes(conversationId);
    assert.equal(all.filter((note) => note.includes('SLA warning')).length, 1);
    assert.equal(all.filter((note) => note.includes('SLA missed')).length, 1);
    assert.match(
      all.find((note) => note.includes('SLA warning'))!,
      /first response is due at \d\d:\d\d \(Europe\/Berlin\), in 9 minutes \(target 30 min, "Standard"\)\. Omniloom priority raised to medium\./,
    );
    assert.deepEqual(await analytics(again.store, conversationId), [
      'sla.started',
      'sla.warning',
      'sla.breached',
    ]);
    const [warning] = (
      await again.store.analytics.list({
        installationId,
        from: '2000-01-01T00:00:00Z',
        to: '2100-01-01T00:00:00Z',
        types: ['sla.warning'],
      })
    ).filter((event) => event.conversationId === conversationId);
    assert.equal(warning?.channel, 'whatsapp');
    assert.equal(warning?.inboxId, inboxId);
    assert.deepEqual((await again.queue.deadLetters(SLA_TIMER_QUEUE)).length, 0);
  });

  it('a timer whose conversation was answered since does nothing', async () => {
    const deps = running!.deps;
    const { conversationId, job } = await customerWrites('Jon', 'Do you ship to Norway?');
    await handleSlaEvent(deps, job);
    const reply = await api.post(`/conversations/${conversationId}/messages`, {
      content: 'Yes, we do.',
      message_type: 'outgoing',
    });
    await handleSlaEvent(deps, await delivered('message_created', (payload) => payload.id === reply.id));
    nowMs += 45 * MINUTE;
    await settleQueue(deps.queue);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(await notes(conversationId), []);
    assert.deepEqual((await analytics(deps.store, conversationId)).sort(), ['response.first', 'sla.started']);
    assert.equal((await api.get(`/conversations/${conversationId}`)).priority, null);
  });

  it('a reply whose event never arrived is found in Chatwoot when the timer fires', async () => {
    const deps = running!.deps;
    const { conversationId, job } = await customerWrites('Ines', 'Can I change my address?');
    await handleSlaEvent(deps, job);
    await api.post(`/conversations/${conversationId}/messages`, {
      content: 'Sure, send it here.',
      message_type: 'outgoing',
    });
    nowMs += 21 * MINUTE;
    await eventually(
      async () => (await analytics(deps.store, conversationId)).includes('response.first'),
      10_000,
      'the response found by the timer',
    );
    nowMs += 20 * MINUTE;
    await settleQueue(deps.queue);
    assert.deepEqual(await notes(conversationId), []);
    // Chatwoot's message list has whole seconds: the response may sort before the clock's start.
    assert.deepEqual((await analytics(deps.store, conversationId)).sort(), ['response.first', 'sla.started']);
    await sandbox.settle();
    assert.deepEqual(sandbox.violations(), []);
  });
});
