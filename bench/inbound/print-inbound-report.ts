import type { LoadResult } from '../lib/fire-load.ts';
import type { EndToEndReport } from './measure-end-to-end.ts';
import type { RouteReport } from './measure-route.ts';

function cell(result: LoadResult): string[] {
  const failures = result.non2xx + result.errors;
  return [String(result.rps), result.p50_ms.toFixed(2), result.p99_ms.toFixed(2), String(failures)];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((value, column) => value.padStart(widths[column]!)).join('  ')).join('\n');
}

/** Human-readable tables for one queue's route and end-to-end figures. */
export function printQueueReport(run: { queue: string; route: RouteReport; e2e: EndToEndReport }): void {
  const rows = [
    ['target', 'omniloom rps', 'p50 ms', 'p99 ms', 'failed', 'bare rps', 'p50 ms', 'p99 ms', 'failed'],
    ...run.route.runs.map((entry) => [
      entry.target_rps ? `${entry.target_rps} rps` : 'max',
      ...cell(entry.omniloom),
      ...cell(entry.bare),
    ]),
  ];
  console.log(
    `\n${run.queue} queue — Slack Events API route (verify + parse + durable enqueue) vs bare express 200`,
  );
  console.log(table(rows));
  console.log(`ratio (omniloom max rps / bare max rps): ${run.route.ratio}`);
  const e2e = run.e2e;
  console.log(
    `\n${run.queue} queue — end to end (webhook → message in sandbox Chatwoot): ${e2e.delivered}/${e2e.messages} delivered ` +
      `(${e2e.distinct} distinct) in ${e2e.seconds} s → ${e2e.msgs_per_s} msgs/s; acknowledged at ${e2e.accepted_rps} rps ` +
      `(p50 ${e2e.ingest.p50_ms} ms, p99 ${e2e.ingest.p99_ms} ms)`,
  );
  console.log(
    `delivered by second: ${e2e.timeline.map((point) => `${point.t_s}s:${point.delivered}`).join(' ')}`,
  );
}
