/**
 * The analytics API against a scripted week (see scripted-week.ts for the
 * story): every figure is checked against numbers worked out by hand.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnalyticsFigures, AnalyticsReport } from '../../plugin/analytics/compute-analytics.ts';
import { InstallationDirectory } from '../../plugin/install/installation-directory.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { openEmbeddedQueue } from '../../plugin/queue/embedded/open-embedded-queue.ts';
import type { JobQueue } from '../../plugin/queue/queue.ts';
import { startOmniloom, type OmniloomHarness } from '../helpers/start-omniloom.ts';
import { playScriptedWeek, WEEK_PROVISIONED, WEEK_SETTINGS } from './scripted-week.ts';

/** Figures with every count zero and every rate or time unknown. */
function empty(): AnalyticsFigures {
  const times = { count: 0, medianSeconds: null, p90Seconds: null };
  return {
    volume: { inboundMessages: 0, conversations: 0, resolved: 0 },
    ai: {
      answers: 0,
      conversations: 0,
      autoResolved: 0,
      autoResolutionRate: null,
      handoffs: 0,
      handoffConversations: 0,
      handoffRate: null,
      handoffReasons: {},
    },
    suggestions: { shown: 0, accepted: 0, edited: 0, rejected: 0, acceptanceRate: null },
    firstResponse: { ...times },
    nextResponse: { ...times },
    sla: { tracked: 0, warnings: 0, breaches: 0, breachRate: null },
    csat: { responses: 0, average: null, satisfiedRate: null },
    merges: 0,
  };
}
type Patch = { [K in keyof AnalyticsFigures]?: Partial<AnalyticsFigures[K]> } & { merges?: number };
function figures(patch: Patch): AnalyticsFigures {
  const base = empty() as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    base[key] = typeof value === 'object' && value !== null ? { ...(base[key] as object), ...value } : value;
  }
  return base as unknown as AnalyticsFigures;
}

describe('analytics report of a scripted week', function () {
  this.timeout(60_000);
  let omniloom: OmniloomHarness;
  let queue: JobQueue;
  let queueDir: string;
  const installationId = randomUUID();

  before(async () => {
    omniloom = await startOmniloom();
    const { store, secrets } = omniloom.runtime;
    await store.installations.create({
      id: installationId,
      chatwootUrl: 'http://127.0.0.1:9',
      accountId: 7,
      tokenCiphertext: secrets.seal('chatwoot-token'),
      urlSecretCiphertext: secrets.seal('url-secret'),
      settings: WEEK_SETTINGS,
      provisioned: WEEK_PROVISIONED,
      status: 'active',
    });
    // SLA timers of the script are queued here and never run: the warnings and breaches they would record are scripted.
    queueDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-week-queue-'));
    queue = await openEmbeddedQueue({ file: path.join(queueDir, 'queue.sqlite') });
    const directory = new InstallationDirectory({
      store,
      secrets,
      logger: silentLogger(),
      chatwootTimeoutMs: 1000,
    });
    await playScriptedWeek({ store, directory, queue, installationId });
  });

  after(async () => {
    await queue?.close();
    await omniloom?.stop();
    if (queueDir) await rm(queueDir, { recursive: true, force: true });
  });

  async function report(query: string): Promise<AnalyticsReport> {
    const response = await omniloom.admin(`/api/installations/${installationId}/analytics?${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as AnalyticsReport;
  }

  const TOTALS = figures({
    volume: { inboundMessages: 8, conversations: 6, resolved: 3 },
    ai: {
      answers: 2,
      conversations: 4,
      autoResolved: 1,
      autoResolutionRate: 1 / 3,
      handoffs: 3,
      handoffConversations: 3,
      handoffRate: 0.75,
      handoffReasons: { customer_asked_for_human: 1, low_confidence: 1, no_answer: 1 },
    },
    suggestions: { shown: 4, accepted: 1, edited: 1, rejected: 1, acceptanceRate: 0.5 },
    // First responses 30, 60, 1200 and 7200 s: median between 60 and 1200, p90 at rank 3.7.
    firstResponse: { count: 4, medianSeconds: 630, p90Seconds: 5400 },
    nextResponse: { count: 2, medianSeconds: 1800, p90Seconds: 1800 },
    sla: { tracked: 8, warnings: 3, breaches: 3, breachRate: 3 / 8 },
    csat: { responses: 3, average: 4, satisfiedRate: 2 / 3 },
    merges: 1,
  });

  it('per channel, with totals, in the installation time zone', async () => {
    const result = await report('from=2025-03-03&to=2025-03-09&groupBy=channel');
    assert.equal(result.from, '2025-03-02T23:00:00.000Z');
    assert.equal(result.to, '2025-03-09T23:00:00.000Z');
    assert.equal(result.timezone, 'Europe/Berlin');
    assert.deepEqual(result.totals, TOTALS);
    assert.deepEqual(
      result.groups.map((group) => group.key),
      ['email', 'slack', 'whatsapp', null],
    );
    const [email, slack, whatsapp, unknown] = result.groups;
    assert.deepEqual(
      whatsapp?.figures,
      figures({
        volume: { inboundMessages: 4, conversations: 4, resolved: 2 },
        ai: {
          answers: 1,
          conversations: 3,
          autoResolved: 1,
          autoResolutionRate: 0.5,
          handoffs: 2,
          handoffConversations: 2,
          handoffRate: 2 / 3,
          handoffReasons: { low_confidence: 1, no_answer: 1 },
        },
        suggestions: { shown: 1, accepted: 1, acceptanceRate: 1 },
        firstResponse: { count: 2, medianSeconds: 630, p90Seconds: 1086 },
        sla: { tracked: 4, warnings: 2, breaches: 2, breachRate: 0.5 },
        csat: { responses: 2, average: 4, satisfiedRate: 0.5 },
      }),
    );
    assert.deepEqual(
      email?.figures,
      figures({
        volume: { inboundMessages: 2, conversations: 1, resolved: 1 },
        ai: { autoResolutionRate: 0 },
        suggestions: { shown: 2, edited: 1, rejected: 1, acceptanceRate: 0.5 },
        firstResponse: { count: 1, medianSeconds: 7200, p90Seconds: 7200 },
        nextResponse: { count: 1, medianSeconds: 1800, p90Seconds: 1800 },
        sla: { tracked: 2, warnings: 1, breaches: 1, breachRate: 0.5 },
        csat: { responses: 1, average: 4, satisfiedRate: 1 },
      }),
    );
    assert.deepEqual(
      slack?.figures,
      figures({
        volume: { inboundMessages: 2, conversations: 1 },
        ai: {
          answers: 1,
          conversations: 1,
          handoffs: 1,
          handoffConversations: 1,
          handoffRate: 1,
          handoffReasons: { customer_asked_for_human: 1 },
        },
        suggestions: { shown: 1, acceptanceRate: 0 },
        firstResponse: { count: 1, medianSeconds: 30, p90Seconds: 30 },
        nextResponse: { count: 1, medianSeconds: 1800, p90Seconds: 1800 },
        sla: { tracked: 2, breachRate: 0 },
      }),
    );
    assert.deepEqual(unknown?.figures, figures({ merges: 1 }));
    assert.equal(unknown?.label, 'unknown');
  });

  it('per inbox, labelled with the bridged channel', async () => {
    const result = await report('from=2025-03-03&to=2025-03-09&groupBy=inbox');
    assert.deepEqual(result.totals, TOTALS);
    assert.deepEqual(
      result.groups.map((group) => [group.key, group.label, group.figures.volume.inboundMessages]),
      [
        ['1', 'Inbox 1', 4],
        ['2', 'Inbox 2', 2],
        ['3', 'Inbox 3 (slack)', 2],
        [null, 'unknown', 0],
      ],
    );
  });

  it('per local day, every day listed, midnight cut in Berlin and not in UTC', async () => {
    const result = await report('from=2025-03-03&to=2025-03-09&groupBy=day');
    assert.deepEqual(result.totals, TOTALS);
    assert.deepEqual(
      result.groups.map((group) => group.key),
      ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09'],
    );
    const [monday, tuesday, wednesday, thursday, friday, saturday, sunday] = result.groups.map(
      (group) => group.figures,
    );
    assert.deepEqual(
      monday,
      figures({
        volume: { inboundMessages: 3, conversations: 3, resolved: 2 },
        ai: {
          answers: 1,
          conversations: 2,
          autoResolved: 1,
          autoResolutionRate: 0.5,
          handoffs: 1,
          handoffConversations: 1,
          handoffRate: 0.5,
          handoffReasons: { low_confidence: 1 },
        },
        suggestions: { shown: 1, accepted: 1, acceptanceRate: 1 },
        firstResponse: { count: 2, medianSeconds: 630, p90Seconds: 1086 },
        sla: { tracked: 3, warnings: 1, breaches: 1, breachRate: 1 / 3 },
        csat: { responses: 2, average: 4, satisfiedRate: 0.5 },
      }),
    );
    assert.deepEqual(
      tuesday,
      figures({
        volume: { inboundMessages: 2, conversations: 1 },
        suggestions: { shown: 2, edited: 1, rejected: 1, acceptanceRate: 0.5 },
        firstResponse: { count: 1, medianSeconds: 7200, p90Seconds: 7200 },
        nextResponse: { count: 1, medianSeconds: 1800, p90Seconds: 1800 },
        sla: { tracked: 2, warnings: 1, breaches: 1, breachRate: 0.5 },
      }),
    );
    assert.equal(wednesday?.volume.resolved, 1);
    assert.equal(wednesday?.ai.autoResolutionRate, 0);
    assert.equal(wednesday?.ai.handoffRate, 1);
    assert.equal(wednesday?.csat.average, 4);
    assert.deepEqual(thursday, figures({ merges: 1 }));
    assert.deepEqual(friday, empty());
    assert.deepEqual(saturday?.sla, { tracked: 1, warnings: 1, breaches: 1, breachRate: 1 });
    assert.equal(saturday?.volume.inboundMessages, 1);
    // The customer's "Hello?" at 00:30 on Monday 10 March (Berlin) is Sunday 23:30 UTC: outside this week.
    assert.deepEqual(sunday, empty());
  });

  it('exports CSV with one row per group and a total', async () => {
    const response = await omniloom.admin(
      `/api/installations/${installationId}/analytics?from=2025-03-03&to=2025-03-09&groupBy=channel&format=csv`,
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(
      response.headers.get('content-disposition') ?? '',
      /attachment; filename="?omniloom-analytics-channel-2025-03-02-2025-03-09\.csv"?$/,
    );
    const lines = (await response.text()).trim().split('\r\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0]!, /^channel,inbound_messages,conversations,resolved,ai_answers,/);
    assert.equal(
      lines[5],
      'total,8,6,3,2,4,1,0.333333,3,0.75,customer_asked_for_human:1 low_confidence:1 no_answer:1,4,1,1,1,0.5,4,630,5400,2,1800,1800,8,3,3,0.375,3,4,0.666667,1',
    );
    assert.match(lines[4]!, /^unknown,0,0,0,/);
  });

  it('rejects bad parameters and unknown installations, and needs the admin', async () => {
    const bad = await omniloom.admin(`/api/installations/${installationId}/analytics?groupBy=week`);
    assert.equal(bad.status, 400);
    const reversed = await omniloom.admin(
      `/api/installations/${installationId}/analytics?from=2025-03-09&to=2025-03-01`,
    );
    assert.equal(reversed.status, 400);
    const missing = await omniloom.admin(`/api/installations/${randomUUID()}/analytics`);
    assert.equal(missing.status, 404);
    const anonymous = await fetch(`${omniloom.url}/api/installations/${installationId}/analytics`, {
      headers: { accept: 'application/json' },
    });
    assert.equal(anonymous.status, 401);
  });
});
