import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/start-sandbox.ts';
import { freePort } from '../helpers/free-port.ts';
import { sandboxApi, type SandboxApi } from '../helpers/sandbox-api.ts';
import { spawnOmniloom, type OmniloomProcess } from '../helpers/spawn-omniloom.ts';
import { redisServerInstalled, spawnRedisServer, type PrivateRedis } from '../helpers/spawn-redis-server.ts';
import { eventually } from '../helpers/start-omniloom.ts';

/** How long Redis stays down: longer than Omniloom waits for it per request (2 s), short like a restart. */
const OUTAGE_MS = 3_000;
/** A request that takes longer than this has effectively hung: channels give up after a few seconds. */
const ANSWER_WITHIN_MS = 6_000;
const SEND_EVERY_MS = 25;
const THREADS = 4;

interface Attempt {
  id: string;
  index: number;
  sentAt: number;
  answeredAt: number;
  /** HTTP status, or 0 when no answer came within ANSWER_WITHIN_MS. */
  status: number;
  retryAfter: string | null;
  code?: string;
}

/**
 * Redis restarted while messages arrive. Every request is answered: 202 once the job is stored (a request may
 * wait a moment for Redis to reconnect), 503 with Retry-After when Redis stays away longer, and the sender
 * delivers those again. With its data kept (append-only file, the production set-up) nothing acknowledged may
 * be lost or doubled. A Redis that lost its data also lost the jobs it held, which Omniloom cannot bring back;
 * there the process must still survive and deliver, once each, everything Redis stored after its restart.
 */
for (const scenario of [
  { name: 'with its data kept', keepData: true },
  { name: 'with its data lost', keepData: false },
] as const) {
  describe(`faults: Redis restarted under load ${scenario.name}`, function () {
    this.timeout(60_000);
    let sandbox: RunningSandbox;
    let api: SandboxApi;
    let dataDir: string;
    let redisDir: string;
    let redis: PrivateRedis | undefined;
    let omniloom: OmniloomProcess | undefined;
    let loadTimer: NodeJS.Timeout | undefined;

    before(async function () {
      if (!redisServerInstalled()) {
        if (process.env.OMNILOOM_REQUIRE_REDIS === '1') {
          throw new Error('redis-server is required on PATH (OMNILOOM_REQUIRE_REDIS=1)');
        }
        console.log(
          '      skipping: no redis-server on PATH (OMNILOOM_REQUIRE_REDIS=1 makes this a failure)',
        );
        this.skip();
      }
      sandbox = await startSandbox({ port: 0 });
      api = sandboxApi(sandbox.url, sandbox.adminToken, sandbox.accountId);
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-redis-restart-'));
      redisDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-private-redis-'));
      redis = await spawnRedisServer({ dir: redisDir, keepData: scenario.keepData });
    });

    after(async () => {
      clearInterval(loadTimer);
      await omniloom?.stop();
      await redis?.stop();
      await sandbox?.close();
      for (const dir of [dataDir, redisDir]) if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('keeps serving, answers 503 while Redis is away, and delivers what it acknowledged', async () => {
      const privateRedis = redis!;
      const port = await freePort();
      const adminToken = `admin-${randomBytes(12).toString('hex')}`;
      omniloom = await spawnOmniloom(
        {
          OMNILOOM_DATA_DIR: dataDir,
          OMNILOOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
          OMNILOOM_ADMIN_TOKEN: adminToken,
          OMNILOOM_SECRET_KEY: randomBytes(32).toString('hex'),
          OMNILOOM_JOB_LEASE_MS: '2000',
          OMNILOOM_JOB_BACKOFF_MS: '100',
          REDIS_URL: privateRedis.url,
        },
        port,
      );
      const running = omniloom;
      const admin = (pathname: string, body: unknown) =>
        fetch(`${running.url}${pathname}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
      const installed = (await (
        await admin('/api/installations', {
          chatwootUrl: sandbox.url,
          accountId: sandbox.accountId,
          token: sandbox.adminToken,
          channels: ['webhook'],
        })
      ).json()) as any;
      const inboxId = installed.inboxes.bridged.webhook as number;
      // Chatwoot answers a little slowly, so jobs are both waiting and running when Redis goes away.
      await api.post('/__sandbox/faults', {
        method: 'POST',
        path: '/api/v1/accounts/*/conversations/*/messages',
        delayMs: 100,
        times: 10_000,
      });

      const send = async (id: string, index: number): Promise<Attempt> => {
        const sentAt = Date.now();
        try {
          const response = await admin(`/api/installations/${installed.installationId}/inbound`, {
            kind: 'message',
            channel: 'webhook',
            dedupeKey: id,
            occurredAt: new Date().toISOString(),
            channelMessageId: id,
            thread: { key: `customer-${index % THREADS}`, kind: 'direct', address: {} },
            sender: { channelUserId: `customer-${index % THREADS}`, identifiers: [] },
            text: `message ${index}`,
            attachments: [],
          });
          const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
          const retryAfter = response.headers.get('retry-after');
          return {
            id,
            index,
            sentAt,
            answeredAt: Date.now(),
            status: response.status,
            retryAfter,
            code: body.error?.code,
          };
        } catch {
          return { id, index, sentAt, answeredAt: Date.now(), status: 0, retryAfter: null };
        }
      };

      // A message every SEND_EVERY_MS before, during and after the restart, each sent without waiting for the
      // others, as customers and channels do.
      const inFlight: Array<Promise<Attempt>> = [];
      loadTimer = setInterval(
        () => inFlight.push(send(`redis-restart-${randomUUID()}`, inFlight.length)),
        SEND_EVERY_MS,
      );
      const health = async () => {
        const response = await fetch(`${running.url}/healthz`, {
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };

      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await privateRedis.stop();
      const downAt = Date.now();
      const degraded = await eventually(
        async () => {
          const answer = await health();
          return answer.status === 503 ? answer : undefined;
        },
        5_000,
        '/healthz to report the queue unreachable',
      );
      assert.deepEqual([degraded.body.status, degraded.body.queue], ['degraded', 'bull']);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, downAt + OUTAGE_MS - Date.now())));
      await privateRedis.start();
      const upAt = Date.now();
      await eventually(
        async () => (await health()).status === 200,
        20_000,
        '/healthz to recover after Redis is back',
      );
      const recoveredAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      clearInterval(loadTimer);
      const attempts = await Promise.all(inFlight);
      await api.delete('/__sandbox/faults');

      assert.equal(running.child.exitCode, null, `omniloom exited: ${running.output.join('')}`);
      const unanswered = attempts.filter((attempt) => attempt.status === 0);
      assert.deepEqual(unanswered, [], 'every request is answered, none hangs');
      const unexpected = attempts.filter((attempt) => attempt.status !== 202 && attempt.status !== 503);
      assert.deepEqual(
        unexpected,
        [],
        'a request is either queued (202) or turned away as unavailable (503)',
      );
      const refused = attempts.filter((attempt) => attempt.status === 503);
      assert.ok(
        attempts.some(
          (attempt) => attempt.status === 503 && attempt.sentAt >= downAt && attempt.sentAt < upAt,
        ),
        'requests that wait longer for Redis than Omniloom waits are turned away',
      );
      for (const attempt of refused) {
        assert.equal(attempt.code, 'queue_unavailable');
        assert.ok(Number(attempt.retryAfter) > 0, 'a 503 tells the sender when to try again');
      }
      assert.ok(
        attempts.some((attempt) => attempt.status === 202 && attempt.sentAt >= recoveredAt),
        'messages sent after the restart are accepted',
      );
      assert.doesNotMatch(
        running.output.join(''),
        /Unhandled error event|missing 'error' handler/,
        'every Redis client has an error listener',
      );

      // A channel redelivers what was refused; once Redis is back it is accepted.
      for (const attempt of refused) {
        const redelivered = await send(attempt.id, attempt.index);
        assert.equal(redelivered.status, 202, `redelivery of ${attempt.id}`);
      }

      // Every message was acknowledged in the end: at once, or on redelivery.
      const acknowledged = new Set(attempts.map((attempt) => attempt.id));
      // Without its data Redis forgot the jobs still waiting at the restart; only those it stored afterwards must arrive.
      const mustArrive = scenario.keepData
        ? acknowledged
        : new Set(
            attempts
              .filter((attempt) => attempt.status === 503 || attempt.answeredAt > upAt)
              .map((attempt) => attempt.id),
          );
      const delivered = async () => {
        const conversations = (await api.get(`/conversations?inbox_id=${inboxId}&status=all`)).data
          .payload as Array<{ id: number }>;
        const ids: string[] = [];
        for (const conversation of conversations) {
          let before: number | undefined;
          for (;;) {
            const page = (
              await api.get(`/conversations/${conversation.id}/messages${before ? `?before=${before}` : ''}`)
            ).payload as Array<{ id: number; source_id: string | null }>;
            ids.push(...page.map((message) => message.source_id ?? ''));
            if (page.length < 20) break;
            before = Math.min(...page.map((message) => message.id));
          }
        }
        return ids.filter((id) => acknowledged.has(id));
      };
      await eventually(
        async () => {
          const ids = new Set(await delivered());
          return [...mustArrive].every((id) => ids.has(id));
        },
        25_000,
        `all ${mustArrive.size} acknowledged messages in Chatwoot`,
      );
      const ids = await delivered();
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      assert.deepEqual(
        [...counts].filter(([, count]) => count > 1),
        [],
        'nothing doubled',
      );
      assert.deepEqual(
        [...mustArrive].filter((id) => !counts.has(id)),
        [],
        'nothing lost',
      );
      assert.equal(running.child.exitCode, null, 'omniloom is still running');
    });
  });
}
