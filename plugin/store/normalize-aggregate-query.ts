import { normalizeTime } from './normalize-time.ts';
import { invalidRecord } from './store-errors.ts';
import type { AnalyticsAggregateQuery } from './store.ts';

/** An aggregate query checked and with every instant in `Date#toISOString()` form. */
export interface NormalizedAggregateQuery extends Omit<AnalyticsAggregateQuery, 'edges' | 'percentiles'> {
  /** Buckets `[start, end)` with the caller's spelling of `start` kept as the group key. */
  buckets: Array<{ key: string; start: string; end: string }>;
  percentiles: number[];
}

/** `data` field names become JSON paths (`$.name`) and pipeline paths (`data.name`): plain identifiers only. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const DEFAULT_PERCENTILES: readonly number[] = [0.5, 0.9];

/**
 * Validates an analytics aggregate query the same way in every adapter, so
 * they reject the same input and agree on bucket boundaries.
 *
 * @throws BadRequestError (400) naming the offending part.
 */
export function normalizeAggregateQuery(query: AnalyticsAggregateQuery): NormalizedAggregateQuery {
  const from = normalizeTime(query.from, 'from');
  const to = normalizeTime(query.to, 'to');
  const buckets: NormalizedAggregateQuery['buckets'] = [];
  if (query.groupBy === 'time') {
    const edges = query.edges ?? [];
    if (edges.length < 2) throw invalidRecord('groupBy "time" needs at least two edges');
    const normalized = edges.map((edge, index) => normalizeTime(edge, `edges[${index}]`));
    for (let i = 0; i + 1 < normalized.length; i++) {
      const start = normalized[i] as string;
      const end = normalized[i + 1] as string;
      if (end <= start)
        throw invalidRecord(`edges must ascend strictly (edges[${i + 1}] is not after edges[${i}])`);
      buckets.push({ key: edges[i] as string, start, end });
    }
  } else if (!['channel', 'inbox', 'none'].includes(query.groupBy)) {
    throw invalidRecord(`groupBy must be channel, inbox, time or none (got ${String(query.groupBy)})`);
  }
  if (!Array.isArray(query.types)) throw invalidRecord('types must list the event types to summarise');
  const percentiles = [...(query.percentiles ?? DEFAULT_PERCENTILES)];
  for (const p of percentiles) {
    if (!(typeof p === 'number' && p >= 0 && p <= 1))
      throw invalidRecord(`percentiles must lie in [0, 1] (got ${String(p)})`);
  }
  for (const [what, map] of [
    ['countBy', query.countBy],
    ['measure', query.measure],
  ] as const) {
    for (const [type, field] of Object.entries(map ?? {})) {
      if (!FIELD.test(field))
        throw invalidRecord(`${what}["${type}"] must be a plain field name (got "${field}")`);
    }
  }
  for (const [name, types] of Object.entries(query.conversationSets ?? {})) {
    if (!Array.isArray(types) || types.length === 0)
      throw invalidRecord(`conversationSets["${name}"] must list at least one type`);
  }
  return {
    installationId: query.installationId,
    from,
    to,
    groupBy: query.groupBy,
    buckets,
    percentiles,
    types: [...new Set(query.types)],
    ...(query.distinctConversations
      ? { distinctConversations: [...new Set(query.distinctConversations)] }
      : {}),
    ...(query.countBy ? { countBy: { ...query.countBy } } : {}),
    ...(query.measure ? { measure: { ...query.measure } } : {}),
    ...(query.conversationSets ? { conversationSets: { ...query.conversationSets } } : {}),
  };
}

/**
 * The percentile of ascending `sorted` values with linear interpolation
 * between closest ranks (R-7, the spreadsheet and numpy default): p = 0.5 of
 * [1, 2, 3, 4] is 2.5.
 */
export function interpolatePercentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lower = Math.floor(h);
  const low = sorted[lower] as number;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return low + (h - lower) * (high - low);
}

/** Text form of a counted value: what `values` keys look like in every adapter. */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
