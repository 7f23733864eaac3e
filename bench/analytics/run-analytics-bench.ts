/**
 * Analytics benchmark: a year of a busy team's events (1 million by default)
 * in a temporary SQLite store; insert throughput, then the analytics report
 * (grouped by channel, inbox and local day) computed by the store's
 * aggregation against the naive way (list every event, fold in JavaScript).
 * Both must give the same report. With --json the last line is one JSON object.
 *
 *   npm run bench:analytics -- [--events 1000000] [--runs 20] [--baseline-runs 3] [--json]
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  computeAnalytics,
  type AnalyticsReport,
  type ReportGrouping,
} from '../../plugin/analytics/compute-analytics.ts';
import { readReportRange } from '../../plugin/analytics/read-report-range.ts';
import { silentLogger } from '../../plugin/logger.ts';
import { aggregateAnalyticsEvents } from '../../plugin/store/aggregate-analytics-events.ts';
import { createStore, sqliteFileFor } from '../../plugin/store/create-store.ts';
import type { AnalyticsStore } from '../../plugin/store/store.ts';
import { generateYearOfEvents } from './generate-year-of-events.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '20' },
    'baseline-runs': { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const RUNS = Math.max(1, Number(args.runs));
const BASELINE_RUNS = Math.max(0, Number(args['baseline-runs']));
const GROUPINGS: ReportGrouping[] = ['channel', 'inbox', 'day'];
const INSTALLATION = 'bench-installation';
const TIMEZONE = 'Europe/Berlin';

/** Nearest-rank percentile of latencies (ms). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function time<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'omniloom-analytics-bench-'));
const store = await createStore({ dataDir, logger: silentLogger() });
try {
  let inserted = 0;
  const insert = await time(async () => {
    for (const batch of generateYearOfEvents({
      installationId: INSTALLATION,
      events: EVENTS,
      start: '2024-01-01T00:00:00Z',
    })) {
      await store.analytics.recordMany(batch);
      inserted += batch.length;
    }
  });
  const insertPerSecond = inserted / (insert.ms / 1000);
  const files = await Promise.all(
    ['', '-wal'].map((suffix) =>
      stat(`${sqliteFileFor(dataDir)}${suffix}`).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const dbMb = round(files.reduce((a, b) => a + b, 0) / 1024 / 1024);
  console.log(
    `inserted ${inserted} events in ${round(insert.ms / 1000, 2)} s: ${Math.round(insertPerSecond)} events/s (database ${dbMb} MB)`,
  );

  const range = readReportRange(
    { from: '2024-01-01', to: '2024-12-31' },
    TIMEZONE,
    new Date('2025-01-01T00:00:00Z'),
  );
  const naive: Pick<AnalyticsStore, 'aggregate'> = {
    aggregate: async (query) => aggregateAnalyticsEvents(await store.analytics.list(query), query),
  };

  const aggregate: Record<string, { p50_ms: number; p99_ms: number; runs: number }> = {};
  const baseline: Record<string, { p50_ms: number; p99_ms: number; runs: number }> = {};
  const reports: Partial<Record<ReportGrouping, AnalyticsReport>> = {};
  for (const groupBy of GROUPINGS) {
    reports[groupBy] = await computeAnalytics(store.analytics, INSTALLATION, range, groupBy); // warm-up
    const latencies: number[] = [];
    for (let run = 0; run < RUNS; run++)
      latencies.push((await time(() => computeAnalytics(store.analytics, INSTALLATION, range, groupBy))).ms);
    aggregate[groupBy] = {
      p50_ms: round(percentile(latencies, 0.5)),
      p99_ms: round(percentile(latencies, 0.99)),
      runs: RUNS,
    };
    console.log(
      `report by ${groupBy.padEnd(7)} (store aggregation, ${RUNS} runs): p50 ${aggregate[groupBy].p50_ms} ms, p99 ${aggregate[groupBy].p99_ms} ms`,
    );
  }
  for (const groupBy of GROUPINGS) {
    if (BASELINE_RUNS === 0) break;
    const latencies: number[] = [];
    for (let run = 0; run < BASELINE_RUNS; run++) {
      const { ms, result } = await time(() => computeAnalytics(naive, INSTALLATION, range, groupBy));
      latencies.push(ms);
      // The same figures either way (response times to the millisecond), or the comparison means nothing.
      if (run === 0)
        assert.deepEqual(result, reports[groupBy], `naive and aggregated reports differ for ${groupBy}`);
    }
    baseline[groupBy] = {
      p50_ms: round(percentile(latencies, 0.5)),
      p99_ms: round(percentile(latencies, 0.99)),
      runs: BASELINE_RUNS,
    };
    console.log(
      `report by ${groupBy.padEnd(7)} (list + fold in JS, ${BASELINE_RUNS} runs): p50 ${baseline[groupBy].p50_ms} ms, p99 ${baseline[groupBy].p99_ms} ms`,
    );
  }
  const speedup = Object.fromEntries(
    Object.keys(baseline).map((groupBy) => [
      groupBy,
      round(baseline[groupBy]!.p50_ms / aggregate[groupBy]!.p50_ms),
    ]),
  );
  if (Object.keys(speedup).length)
    console.log(
      `speed-up at p50: ${Object.entries(speedup)
        .map(([g, x]) => `${g} ${x}x`)
        .join(', ')}`,
    );
  const totals = reports.channel?.totals;
  if (totals) {
    console.log(
      `year totals: ${totals.volume.inboundMessages} inbound messages, ${totals.volume.conversations} conversations, ` +
        `auto-resolution ${round((totals.ai.autoResolutionRate ?? 0) * 100)}%, first response median ${round(totals.firstResponse.medianSeconds ?? 0)} s`,
    );
  }
  if (args.json) {
    console.log(
      JSON.stringify({
        events: inserted,
        store: 'sqlite',
        db_mb: dbMb,
        insert_events_per_s: Math.round(insertPerSecond),
        aggregate,
        baseline,
        speedup_p50: speedup,
      }),
    );
  }
} finally {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
}
