import type {
  AnalyticsAggregateQuery,
  AnalyticsAggregateResult,
  AnalyticsAggregateRow,
  AnalyticsStore,
} from '../store/store.ts';
import { ANALYTICS_EVENTS as E } from './analytics-event-types.ts';
import type { ReportRange } from './read-report-range.ts';

export type ReportGrouping = 'channel' | 'inbox' | 'day';

/** Response times of one kind of reply. */
export interface ResponseTimes {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** The figures of one group (or of everything). Rates are fractions in [0, 1], null without a denominator. */
export interface AnalyticsFigures {
  volume: { inboundMessages: number; conversations: number; resolved: number };
  ai: {
    answers: number;
    /** Conversations the AI agent answered or handed over. */
    conversations: number;
    /** Resolved conversations where only the AI agent replied and nobody took over. */
    autoResolved: number;
    autoResolutionRate: number | null;
    handoffs: number;
    handoffConversations: number;
    /** Of the conversations the AI agent took part in, the share it handed to people. */
    handoffRate: number | null;
    handoffReasons: Record<string, number>;
  };
  suggestions: {
    shown: number;
    accepted: number;
    edited: number;
    rejected: number;
    acceptanceRate: number | null;
  };
  firstResponse: ResponseTimes;
  nextResponse: ResponseTimes;
  sla: { tracked: number; warnings: number; breaches: number; breachRate: number | null };
  csat: { responses: number; average: number | null; satisfiedRate: number | null };
  merges: number;
}

export interface AnalyticsReport {
  installationId: string;
  from: string;
  to: string;
  timezone: string;
  groupBy: ReportGrouping;
  totals: AnalyticsFigures;
  groups: Array<{ key: string | null; label: string; figures: AnalyticsFigures }>;
}

const TYPES = [
  E.inbound,
  E.conversationCreated,
  E.conversationResolved,
  E.botAnswer,
  E.handoff,
  E.suggestionCreated,
  E.suggestionAccepted,
  E.suggestionEdited,
  E.suggestionRejected,
  E.contactMerged,
  E.firstResponse,
  E.nextResponse,
  E.slaStarted,
  E.slaWarning,
  E.slaBreached,
  E.csat,
];

const ENGAGED = 'ai.engaged';

/** The aggregate query behind the report (grouping aside): what each figure needs. */
export function reportQuery(
  installationId: string,
  range: ReportRange,
  groupBy: AnalyticsAggregateQuery['groupBy'],
): AnalyticsAggregateQuery {
  return {
    installationId,
    from: range.from,
    to: range.to,
    groupBy,
    ...(groupBy === 'time' ? { edges: range.dayEdges } : {}),
    types: TYPES,
    distinctConversations: [E.handoff],
    countBy: { [E.handoff]: 'reason', [E.conversationResolved]: 'autoResolved', [E.csat]: 'rating' },
    measure: { [E.firstResponse]: 'seconds', [E.nextResponse]: 'seconds', [E.csat]: 'rating' },
    percentiles: [0.5, 0.9],
    conversationSets: { [ENGAGED]: [E.botAnswer, E.handoff] },
  };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The figures of one group from its aggregate rows. */
export function figuresOf(
  rows: readonly AnalyticsAggregateRow[],
  engagedConversations: number,
): AnalyticsFigures {
  const byType = new Map(rows.map((row) => [row.type, row]));
  const count = (type: string) => byType.get(type)?.count ?? 0;
  // Interpolation in floating point leaves noise like 5400.000000000001: milliseconds are precise enough.
  const seconds = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value * 1000) / 1000;
  const times = (type: string): ResponseTimes => {
    const measure = byType.get(type)?.measure;
    return {
      count: measure?.count ?? 0,
      medianSeconds: seconds(measure?.percentiles[0]),
      p90Seconds: seconds(measure?.percentiles[1]),
    };
  };
  const resolved = byType.get(E.conversationResolved);
  const autoResolved = resolved?.values?.true ?? 0;
  const handoff = byType.get(E.handoff);
  const handoffConversations = handoff?.conversations ?? 0;
  const reasons = Object.fromEntries(
    Object.entries(handoff?.values ?? {})
      .map(([reason, n]) => [reason === '' ? 'unknown' : reason, n] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
  const accepted = count(E.suggestionAccepted);
  const edited = count(E.suggestionEdited);
  const shown = count(E.suggestionCreated);
  const csat = byType.get(E.csat);
  const satisfied = Object.entries(csat?.values ?? {}).reduce(
    (sum, [rating, n]) => sum + (Number(rating) >= 4 ? n : 0),
    0,
  );
  const ratings = csat?.measure?.count ?? 0;
  const tracked = count(E.slaStarted);
  const breaches = count(E.slaBreached);
  return {
    volume: {
      inboundMessages: count(E.inbound),
      conversations: count(E.conversationCreated),
      resolved: count(E.conversationResolved),
    },
    ai: {
      answers: count(E.botAnswer),
      conversations: engagedConversations,
      autoResolved,
      autoResolutionRate: ratio(autoResolved, count(E.conversationResolved)),
      handoffs: count(E.handoff),
      handoffConversations,
      handoffRate: ratio(handoffConversations, engagedConversations),
      handoffReasons: reasons,
    },
    suggestions: {
      shown,
      accepted,
      edited,
      rejected: count(E.suggestionRejected),
      acceptanceRate: ratio(accepted + edited, shown),
    },
    firstResponse: times(E.firstResponse),
    nextResponse: times(E.nextResponse),
    sla: { tracked, warnings: count(E.slaWarning), breaches, breachRate: ratio(breaches, tracked) },
    csat: {
      responses: count(E.csat),
      average: ratings > 0 ? (csat?.measure?.sum ?? 0) / ratings : null,
      satisfiedRate: ratio(satisfied, ratings),
    },
    merges: count(E.contactMerged),
  };
}

function splitByGroup(
  result: AnalyticsAggregateResult,
): Map<string | null, { rows: AnalyticsAggregateRow[]; engaged: number }> {
  const groups = new Map<string | null, { rows: AnalyticsAggregateRow[]; engaged: number }>();
  const entry = (key: string | null) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rows: [], engaged: 0 }));
    return group;
  };
  for (const row of result.rows) entry(row.group).rows.push(row);
  for (const set of result.conversationSets)
    if (set.name === ENGAGED) entry(set.group).engaged = set.conversations;
  return groups;
}

/**
 * The analytics report: volume, AI auto-resolution and hand-off rates with
 * reasons, suggestion acceptance, first- and next-response medians and p90,
 * SLA breach rate, CSAT and merges, in total and per channel, inbox or local
 * day. Two database-side aggregations (grouped and total) do the counting.
 */
export async function computeAnalytics(
  analytics: Pick<AnalyticsStore, 'aggregate'>,
  installationId: string,
  range: ReportRange,
  groupBy: ReportGrouping,
  labelOf: (key: string | null) => string = (key) => key ?? 'unknown',
): Promise<AnalyticsReport> {
  const [grouped, total] = await Promise.all([
    analytics.aggregate(reportQuery(installationId, range, groupBy === 'day' ? 'time' : groupBy)),
    analytics.aggregate(reportQuery(installationId, range, 'none')),
  ]);
  const totals = splitByGroup(total).get(null);
  const byGroup = splitByGroup(grouped);
  const keys: Array<string | null> =
    groupBy === 'day'
      ? range.dayEdges.slice(0, -1)
      : [...byGroup.keys()].sort((a, b) =>
          a === null ? 1 : b === null ? -1 : a.localeCompare(b, undefined, { numeric: true }),
        );
  return {
    installationId,
    from: range.from,
    to: range.to,
    timezone: range.timezone,
    groupBy,
    totals: figuresOf(totals?.rows ?? [], totals?.engaged ?? 0),
    groups: keys.map((key, index) => {
      const group = byGroup.get(key);
      return {
        key: groupBy === 'day' ? (range.days[index] ?? key) : key,
        label: groupBy === 'day' ? (range.days[index] ?? String(key)) : labelOf(key),
        figures: figuresOf(group?.rows ?? [], group?.engaged ?? 0),
      };
    }),
  };
}
