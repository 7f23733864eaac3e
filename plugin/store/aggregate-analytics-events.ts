import { interpolatePercentile, normalizeAggregateQuery, valueKey } from './normalize-aggregate-query.ts';
import { normalizeTime } from './normalize-time.ts';
import type {
  AnalyticsAggregateQuery,
  AnalyticsAggregateResult,
  AnalyticsAggregateRow,
  AnalyticsEventRecord,
} from './store.ts';

/**
 * `AnalyticsStore.aggregate` over events already in memory: the reference the
 * adapters are checked against, and what a store without a database-side
 * aggregation would do (list everything, then fold).
 */
export function aggregateAnalyticsEvents(
  events: Iterable<AnalyticsEventRecord>,
  query: AnalyticsAggregateQuery,
): AnalyticsAggregateResult {
  const q = normalizeAggregateQuery(query);
  const types = new Set(q.types);
  const distinct = new Set(q.distinctConversations ?? []);
  const groupOf = (event: AnalyticsEventRecord, at: string): string | null | undefined => {
    switch (q.groupBy) {
      case 'channel':
        return event.channel ?? null;
      case 'inbox':
        return event.inboxId === undefined ? null : String(event.inboxId);
      case 'none':
        return null;
      case 'time':
        return q.buckets.find((bucket) => at >= bucket.start && at < bucket.end)?.key;
    }
  };

  interface Acc {
    row: AnalyticsAggregateRow;
    conversations: Set<number>;
    numbers: number[];
  }
  const rows = new Map<string, Acc>();
  const sets = new Map<string, { group: string | null; name: string; conversations: Set<number> }>();
  const setsByType = new Map<string, string[]>();
  for (const [name, setTypes] of Object.entries(q.conversationSets ?? {})) {
    for (const type of setTypes) setsByType.set(type, [...(setsByType.get(type) ?? []), name]);
  }

  for (const event of events) {
    if (event.installationId !== q.installationId) continue;
    const at = normalizeTime(event.at, 'at');
    if (at < q.from || at >= q.to) continue;
    const group = groupOf(event, at);
    if (group === undefined) continue;
    for (const name of setsByType.get(event.type) ?? []) {
      const key = JSON.stringify([group, name]);
      const set = sets.get(key) ?? { group, name, conversations: new Set<number>() };
      if (event.conversationId !== undefined) set.conversations.add(event.conversationId);
      sets.set(key, set);
    }
    if (!types.has(event.type)) continue;
    const key = JSON.stringify([group, event.type]);
    let acc = rows.get(key);
    if (!acc) {
      acc = { row: { group, type: event.type, count: 0 }, conversations: new Set(), numbers: [] };
      if (q.countBy?.[event.type] !== undefined) acc.row.values = {};
      rows.set(key, acc);
    }
    acc.row.count++;
    if (event.conversationId !== undefined) acc.conversations.add(event.conversationId);
    const countField = q.countBy?.[event.type];
    if (countField !== undefined && acc.row.values) {
      const value = valueKey(event.data[countField]);
      acc.row.values[value] = (acc.row.values[value] ?? 0) + 1;
    }
    const measureField = q.measure?.[event.type];
    if (measureField !== undefined) {
      const value = event.data[measureField];
      if (typeof value === 'number' && Number.isFinite(value)) acc.numbers.push(value);
    }
  }

  return {
    rows: [...rows.values()].map(({ row, conversations, numbers }) => {
      if (distinct.has(row.type)) row.conversations = conversations.size;
      if (q.measure?.[row.type] !== undefined) {
        const sorted = numbers.sort((a, b) => a - b);
        row.measure = {
          count: sorted.length,
          sum: sorted.reduce((total, value) => total + value, 0),
          percentiles: q.percentiles.map((p) => (sorted.length ? interpolatePercentile(sorted, p) : null)),
        };
      }
      return row;
    }),
    conversationSets: [...sets.values()].map(({ group, name, conversations }) => ({
      group,
      name,
      conversations: conversations.size,
    })),
  };
}
