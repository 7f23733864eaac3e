import { DateTime } from 'luxon';
import type { AnalyticsFigures, AnalyticsReport } from '../compute-analytics.ts';

const percent = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);

/** 95 → "1 min 35 s", 7200 → "2 h 0 min". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const rounded = Math.round(seconds);
  if (rounded < 60) return `${rounded} s`;
  if (rounded < 3600) return `${Math.floor(rounded / 60)} min ${rounded % 60} s`;
  return `${Math.floor(rounded / 3600)} h ${Math.floor((rounded % 3600) / 60)} min`;
}

function cards(totals: AnalyticsFigures) {
  return [
    { key: 'inbound', label: 'Inbound messages', value: String(totals.volume.inboundMessages) },
    {
      key: 'conversations',
      label: 'Conversations',
      value: String(totals.volume.conversations),
      hint: `${totals.volume.resolved} resolved`,
    },
    {
      key: 'auto-resolution',
      label: 'AI auto-resolution',
      value: percent(totals.ai.autoResolutionRate),
      hint: `${totals.ai.autoResolved} of ${totals.volume.resolved} resolved`,
    },
    {
      key: 'handoff-rate',
      label: 'Hand-off rate',
      value: percent(totals.ai.handoffRate),
      hint: `${totals.ai.handoffConversations} of ${totals.ai.conversations} AI conversations`,
    },
    {
      key: 'acceptance',
      label: 'Suggestions accepted',
      value: percent(totals.suggestions.acceptanceRate),
      hint: `${totals.suggestions.accepted} as is, ${totals.suggestions.edited} edited, ${totals.suggestions.rejected} rejected of ${totals.suggestions.shown}`,
    },
    {
      key: 'first-median',
      label: 'First response, median',
      value: formatDuration(totals.firstResponse.medianSeconds),
      hint: `${totals.firstResponse.count} first responses`,
    },
    {
      key: 'first-p90',
      label: 'First response, p90',
      value: formatDuration(totals.firstResponse.p90Seconds),
    },
    {
      key: 'breach-rate',
      label: 'SLA breach rate',
      value: percent(totals.sla.breachRate),
      hint: `${totals.sla.breaches} breaches, ${totals.sla.warnings} warnings, ${totals.sla.tracked} tracked`,
    },
    {
      key: 'csat',
      label: 'CSAT',
      value: totals.csat.average === null ? '–' : `${totals.csat.average.toFixed(2)} / 5`,
      hint: `${totals.csat.responses} ratings, ${percent(totals.csat.satisfiedRate)} satisfied`,
    },
    { key: 'merges', label: 'Contact merges', value: String(totals.merges) },
  ];
}

/** Anything happened in the group (days without events are charted, not listed). */
function hasActivity(figures: AnalyticsFigures): boolean {
  const { volume, ai, suggestions, sla, csat } = figures;
  return (
    volume.inboundMessages +
      volume.conversations +
      volume.resolved +
      ai.answers +
      ai.handoffs +
      suggestions.shown +
      sla.tracked +
      csat.responses +
      figures.merges >
    0
  );
}

/** The analytics page's view model: cards, table rows, and the report as JSON for the chart script. */
export function presentAnalyticsPage(report: AnalyticsReport) {
  const lastDay = DateTime.fromISO(report.to, { zone: report.timezone }).minus({ milliseconds: 1 });
  const from = DateTime.fromISO(report.from, { zone: report.timezone });
  return {
    range: {
      from: from.toFormat('yyyy-LL-dd'),
      to: lastDay.toFormat('yyyy-LL-dd'),
      text: `${from.toFormat('d LLL yyyy')} – ${lastDay.toFormat('d LLL yyyy')}`,
    },
    cards: cards(report.totals),
    groupHeading: report.groupBy === 'day' ? 'Day' : report.groupBy === 'inbox' ? 'Inbox' : 'Channel',
    rows: report.groups
      .filter((group) => report.groupBy !== 'day' || hasActivity(group.figures))
      .map((group) => ({
        label: group.label,
        inbound: group.figures.volume.inboundMessages,
        conversations: group.figures.volume.conversations,
        resolved: group.figures.volume.resolved,
        autoResolution: percent(group.figures.ai.autoResolutionRate),
        handoffRate: percent(group.figures.ai.handoffRate),
        acceptance: percent(group.figures.suggestions.acceptanceRate),
        firstMedian: formatDuration(group.figures.firstResponse.medianSeconds),
        firstP90: formatDuration(group.figures.firstResponse.p90Seconds),
        breaches: group.figures.sla.breaches,
        csat: group.figures.csat.average === null ? '–' : group.figures.csat.average.toFixed(2),
      })),
    // Inside <script type="application/json">: "<" escaped so no "</script>" can end it early.
    reportJson: JSON.stringify(report).replace(/</g, '\\u003c'),
  };
}
