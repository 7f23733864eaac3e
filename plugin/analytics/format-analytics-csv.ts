import type { AnalyticsFigures, AnalyticsReport } from './compute-analytics.ts';

const COLUMNS: Array<[string, (figures: AnalyticsFigures) => number | string | null]> = [
  ['inbound_messages', (f) => f.volume.inboundMessages],
  ['conversations', (f) => f.volume.conversations],
  ['resolved', (f) => f.volume.resolved],
  ['ai_answers', (f) => f.ai.answers],
  ['ai_conversations', (f) => f.ai.conversations],
  ['ai_auto_resolved', (f) => f.ai.autoResolved],
  ['ai_auto_resolution_rate', (f) => f.ai.autoResolutionRate],
  ['handoffs', (f) => f.ai.handoffs],
  ['handoff_rate', (f) => f.ai.handoffRate],
  [
    'handoff_reasons',
    (f) =>
      Object.entries(f.ai.handoffReasons)
        .map(([reason, n]) => `${reason}:${n}`)
        .join(' '),
  ],
  ['suggestions_shown', (f) => f.suggestions.shown],
  ['suggestions_accepted', (f) => f.suggestions.accepted],
  ['suggestions_edited', (f) => f.suggestions.edited],
  ['suggestions_rejected', (f) => f.suggestions.rejected],
  ['suggestion_acceptance_rate', (f) => f.suggestions.acceptanceRate],
  ['first_responses', (f) => f.firstResponse.count],
  ['first_response_median_s', (f) => f.firstResponse.medianSeconds],
  ['first_response_p90_s', (f) => f.firstResponse.p90Seconds],
  ['next_responses', (f) => f.nextResponse.count],
  ['next_response_median_s', (f) => f.nextResponse.medianSeconds],
  ['next_response_p90_s', (f) => f.nextResponse.p90Seconds],
  ['sla_tracked', (f) => f.sla.tracked],
  ['sla_warnings', (f) => f.sla.warnings],
  ['sla_breaches', (f) => f.sla.breaches],
  ['sla_breach_rate', (f) => f.sla.breachRate],
  ['csat_responses', (f) => f.csat.responses],
  ['csat_average', (f) => f.csat.average],
  ['csat_satisfied_rate', (f) => f.csat.satisfiedRate],
  ['merges', (f) => f.merges],
];

/**
 * RFC 4180 field. A leading `=`, `+`, `-` or `@` is prefixed with `'` so a
 * spreadsheet never runs a label (a channel or inbox name) as a formula.
 */
function field(value: number | string | null): string {
  if (value === null) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The report as CSV: one row per group, then a `total` row; rates as fractions. */
export function formatAnalyticsCsv(report: AnalyticsReport): string {
  const header = [report.groupBy, ...COLUMNS.map(([name]) => name)].join(',');
  const line = (label: string, figures: AnalyticsFigures) =>
    [field(label), ...COLUMNS.map(([, read]) => field(read(figures)))].join(',');
  return (
    [
      header,
      ...report.groups.map((group) => line(group.label, group.figures)),
      line('total', report.totals),
    ].join('\r\n') + '\r\n'
  );
}
