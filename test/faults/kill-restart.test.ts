import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { canReachRedis } from '../helpers/can-reach-redis.ts';
import { freePort } from '../helpers/free-port.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { spawnOmniloom, type OmniloomProcess } from '../helpers/spawn-omniloom.ts';
import { eventually } from '../helpers/start-omniloom.ts';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
const MESSAGES = 24;

for (const queueKind of ['embedded', 'bull'] as const) {
  describe(`kill -9 with messages in flight, then restart (${queueKind} queue)`, function () {
    this.timeout(120_000);
    let sandbox: RunningSandbox;
    let api: SandboxApi;
    let dataDir: string;
    let omniloom: OmniloomProcess | undefined;
    let redisDb: string | undefined;

    before(async function () {
      if (queueKind === 'bull' && !(await canReachRedis(REDIS_URL))) {
        if (process.env.OMNILOOM_REQUIRE_REDIS === '1') throw new Error(`Redis is required at ${REDIS_URL}`);
        this.skip();
      }
      sandbox = await startSandbox({ port: 0 });
      api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-kill-'));
      if (queueKind === 'bull') {
        // A database of its own, emptied first, so the run shares nothing with other suites.
        redisDb = `${REDIS_URL.replace(/\/\d*$/, '')}/9`;
        const client = new Redis(redisDb);
        await client.flushdb();
        client.disconnect();
      }
    });

    after(async () => {
      await omniloom?.stop();
      await sandbox?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('delivers every acknowledged message to Chatwoot exactly once', async () => {
      const port = await freePort();
      const adminToken = `admin-${randomBytes(12).toString('hex')}`;
      const env: Record<string, string> = {
        OMNILOOM_DATA_DIR: dataDir,
        OMNILOOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
        OMNILOOM_ADMIN_TOKEN: adminToken,
        OMNILOOM_SECRET_KEY: randomBytes(32).toString('hex'),
        OMNILOOM_JOB_LEASE_MS: '2000',
        OMNILOOM_JOB_BACKOFF_MS: '100',
        ...(redisDb ? { REDIS_URL: redisDb } : {}),
      };
      const admin = (pathname: string, body: unknown, method = 'POST') =>
        fetch(`http://127.0.0.1:${port}${pathname}`, {
          method,
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      omniloom = await spawnOmniloom(env, port);
      const installed = (await (await admin('/api/installations', { chatwootUrl: sandbox.url, accountId: sandbox.accountId, token: sandbox.adminToken, channels: ['webhook'] })).json()) as any;
      const inboxId = installed.inboxes.bridged.webhook as number;

      // Chatwoot answers slowly, so jobs are mid-flight when the process dies.
      await api.post('/__sandbox/faults', { method: 'POST', path: '/api/v1/accounts/*/conversations/*/messages', delayMs: 400, times: 1000 });
      const sent: string[] = [];
      await Promise.all(
        Array.from({ length: MESSAGES }, async (_, index) => {
          const id = `kill-${randomUUID()}`;
          const response = await admin(`/api/installations/${installed.installationId}/inbound`, {
            kind: 'message',
            channel: 'webhook',
            dedupeKey: id,
            occurredAt: new Date().toISOString(),
            channelMessageId: id,
            thread: { key: `customer-${index % 4}`, kind: 'direct', address: {} },
            sender: { channelUserId: `customer-${index % 4}`, identifiers: [] },
            text: `message ${index}`,
            attachments: [],
          });
          assert.equal(response.status, 202);
          sent.push(id);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      await omniloom.kill();
      await api.delete('/__sandbox/faults');

      omniloom = await spawnOmniloom(env, port);
      const sourceIds = async () => {
        const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload as Array<{ id: number }>;
        const ids: string[] = [];
        for (const conversation of conversations) {
          let before: number | undefined;
          for (;;) {
            const page = (await api.get(`/conversations/${conversation.id}/messages${before ? `?before=${before}` : ''}`)).payload as Array<{ id: number; source_id: string | null }>;
            ids.push(...page.map((message) => message.source_id ?? ''));
            if (page.length < 20) break;
            before = Math.min(...page.map((message) => message.id));
          }
        }
        return ids;
      };
      await eventually(async () => sent.every(async () => true) && (await sourceIds()).filter((id) => sent.includes(id)).length >= MESSAGES, 60_000, 'every message after restart');
      const ids = (await sourceIds()).filter((id) => sent.includes(id));
      assert.equal(new Set(ids).size, MESSAGES, 'nothing lost');
      assert.equal(ids.length, MESSAGES, 'nothing doubled');
      const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data.payload;
      assert.equal(conversations.length, 4, 'one conversation per thread, even across the crash');
    });
  });
}
