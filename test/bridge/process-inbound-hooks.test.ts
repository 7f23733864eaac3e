/**
 * A customer message whose follow-up work (the identity job) cannot be queued
 * because the queue is unreachable: the inbound run fails, and its retry finds
 * the message it already posted instead of posting it again, then queues the
 * follow-up. Other hook failures are only logged.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InboundJob } from '../../plugin/bridge/job-names.ts';
import { processInbound, type AfterInboundHook, type DeliveredInbound } from '../../plugin/bridge/process-inbound.ts';
import { QueueUnavailableError } from '../../plugin/errors.ts';
import { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import type { InboundMessageEvent } from '../../plugin/messages/normalized-message.ts';
import type { Job } from '../../plugin/queue/queue.ts';
import { connectorLookup } from '../../plugin/service/assemble-features.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';

describe('inbound follow-up hooks', function () {
  this.timeout(30_000);
  let sandbox: RunningSandbox;
  let api: SandboxApi;
  let omniloom: OmniloomHarness;
  let installationId: string;
  let inboxId: number;

  function jobFor(event: InboundMessageEvent, attempt: number): Job<InboundJob> {
    return {
      id: `test-${event.channelMessageId}`,
      queue: 'inbound',
      data: { installationId, channel: 'webhook', event, receivedAt: new Date().toISOString() },
      attempt,
      maxAttempts: 5,
      createdAt: new Date().toISOString(),
    };
  }

  function message(): InboundMessageEvent {
    const id = randomUUID();
    return {
      kind: 'message',
      channel: 'webhook',
      dedupeKey: id,
      occurredAt: new Date().toISOString(),
      channelMessageId: `m-${id}`,
      thread: { key: `customer-${id}`, kind: 'direct', address: {} },
      sender: { channelUserId: `customer-${id}`, identifiers: [] },
      text: 'Where is my parcel?',
      attachments: [],
    } as InboundMessageEvent;
  }

  const deps = (afterInbound: AfterInboundHook[]) => ({
    store: omniloom.runtime.store,
    secrets: omniloom.runtime.secrets,
    directory: new InstallationDirectory({
      store: omniloom.runtime.store,
      secrets: omniloom.runtime.secrets,
      logger: omniloom.runtime.logger,
      chatwootTimeoutMs: 5_000,
    }),
    connectors: connectorLookup(),
    logger: omniloom.runtime.logger,
    maxAttachmentBytes: 1_000_000,
    afterInbound,
  });

  const postedTexts = async () => {
    const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{ id: number }>;
    const texts: string[] = [];
    for (const conversation of conversations)
      texts.push(
        ...((await api.get(`/conversations/${conversation.id}/messages`)).payload as Array<{ content: string; message_type: number }>)
          .filter((entry) => entry.message_type === 0)
          .map((entry) => entry.content),
      );
    return texts;
  };

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
    omniloom = await startOmniloom({ env: { LOG_LEVEL: 'silent' } });
    const installed = (await (
      await omniloom.admin('/api/installations', {
        method: 'POST',
        json: { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels: ['webhook'] },
      })
    ).json()) as { installationId: string; inboxes: { bridged: { webhook: number } } };
    installationId = installed.installationId;
    inboxId = installed.inboxes.bridged.webhook;
  });

  after(async () => {
    await omniloom?.stop();
    await sandbox?.close();
  });

  it('retries when the follow-up cannot be queued, without posting the message twice', async () => {
    const seen: DeliveredInbound[] = [];
    let queueDown = true;
    const hook: AfterInboundHook = async (delivered) => {
      if (queueDown) throw new QueueUnavailableError('Redis is unreachable');
      seen.push(delivered);
    };
    const event = message();
    await assert.rejects(processInbound(deps([hook]), jobFor(event, 1)), QueueUnavailableError);
    assert.equal(
      await omniloom.runtime.store.messages.byChannelMessage(installationId, 'webhook', event.channelMessageId),
      undefined,
      'not linked yet, so the retry runs the hooks',
    );

    queueDown = false;
    await processInbound(deps([hook]), jobFor(event, 2));
    assert.equal(seen.length, 1);
    const link = await omniloom.runtime.store.messages.byChannelMessage(installationId, 'webhook', event.channelMessageId);
    assert.equal(link?.chatwootMessageId, seen[0]!.chatwootMessageId);
    assert.deepEqual(await postedTexts(), ['Where is my parcel?']);

    // A redelivery after that is a no-op.
    await processInbound(deps([hook]), jobFor(event, 3));
    assert.equal(seen.length, 1);
  });

  it('only logs other hook failures: the message is delivered and linked', async () => {
    const event = message();
    await processInbound(
      deps([
        async () => {
          throw new Error('identity lookup broke');
        },
      ]),
      jobFor(event, 1),
    );
    assert.ok(await omniloom.runtime.store.messages.byChannelMessage(installationId, 'webhook', event.channelMessageId));
  });
});
