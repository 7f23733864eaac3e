import { normalizeAggregateQuery, type NormalizedAggregateQuery } from '../normalize-aggregate-query.ts';
import type { AnalyticsAggregateQuery, AnalyticsAggregateResult, AnalyticsAggregateRow } from '../store.ts';
import type { SqliteDatabase } from './open-database.ts';

type Params = Record<string, string | number>;
type Statement = ReturnType<SqliteDatabase['prepare']>;

/**
 * The text a JSON value is counted under, the same as `valueKey` in
 * normalize-aggregate-query.ts: `true`/`false` (not SQLite's 1/0), "" for
 * null or missing, numbers and strings as text.
 */
const VALUE_KEY = `CASE json_type(e.data, @path)
  WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN ''
  WHEN 'integer' THEN CAST(json_extract(e.data, @path) AS TEXT)
  WHEN 'real' THEN CAST(json_extract(e.data, @path) AS TEXT)
  WHEN 'text' THEN json_extract(e.data, @path)
  WHEN 'object' THEN json_extract(e.data, @path)
  WHEN 'array' THEN json_extract(e.data, @path)
  ELSE '' END`;

/**
 * Indexes of migration 2. Counting streams through the slim index whose
 * column after the type is the group, so `GROUP BY type, <group>` needs no
 * temporary B-tree over a year of events (what makes a GROUP BY slow);
 * everything that reads one type's `data` or conversation ids uses the
 * covering index, so no table row is visited.
 */
const COUNT_INDEX = {
  channel: 'analytics_events_type_channel',
  inbox: 'analytics_events_type_inbox',
  none: 'analytics_events_type_channel',
} as const;
const COVERING = 'analytics_events_type_covering';

const GROUP_OF = { channel: 'e.channel', inbox: 'CAST(e.inbox_id AS TEXT)', none: 'NULL' } as const;

/** Buckets clipped to [from, to) as `[key, start, end]`, the JSON the time queries join with. */
function clippedBuckets(q: NormalizedAggregateQuery): string {
  return JSON.stringify(
    q.buckets
      .map((bucket) => [
        bucket.key,
        bucket.start < q.from ? q.from : bucket.start,
        bucket.end > q.to ? q.to : bucket.end,
      ])
      .filter(([, start, end]) => (start as string) < (end as string)),
  );
}

const BUCKETS = `(SELECT value ->> 0 AS k, value ->> 1 AS s, value ->> 2 AS t FROM json_each(@buckets)) AS b`;

/**
 * Events of some types (`@types`, a JSON array) in range, with `grp`, read
 * through `index`. Time buckets lead a CROSS JOIN (SQLite keeps them as the
 * outer loop), so each bucket is one index range scan per type.
 */
function eventsOf(
  q: NormalizedAggregateQuery,
  index: string = COVERING,
  extraWhere = '',
): { from: string; grp: string } {
  if (q.groupBy === 'time') {
    return {
      from: `${BUCKETS} CROSS JOIN analytics_events AS e INDEXED BY ${COVERING}
             WHERE e.installation_id = @installationId AND e.type IN (SELECT value FROM json_each(@types))
               AND e.at >= b.s AND e.at < b.t ${extraWhere}`,
      grp: 'b.k',
    };
  }
  return {
    from: `analytics_events AS e INDEXED BY ${index}
           WHERE e.installation_id = @installationId AND e.type IN (SELECT value FROM json_each(@types))
             AND e.at >= @from AND e.at < @to ${extraWhere}`,
    grp: GROUP_OF[q.groupBy],
  };
}

const rowKey = (group: string | null, type: string) => JSON.stringify([group, type]);

/**
 * GROUP BY over the given terms plus the group, when there is one: grouping by
 * a constant (`NULL` for groupBy none) would make SQLite sort every row into a
 * temporary B-tree instead of streaming.
 */
function groupBy(grp: string, ...terms: string[]): string {
  const all = grp === 'NULL' ? terms : [...terms, grp];
  return all.length ? `GROUP BY ${all.join(', ')}` : '';
}

/**
 * `AnalyticsStore.aggregate` in SQL. Counting reads covering indexes only:
 * by channel or inbox one streaming GROUP BY, by time one index range count
 * per (bucket, type). Distinct conversations, counted values and measures
 * (SQLite's `percentile_cont`, compiled into better-sqlite3, interpolates
 * like R-7) each read only their own type's events.
 */
export function createAnalyticsAggregator(
  db: SqliteDatabase,
): (query: AnalyticsAggregateQuery) => AnalyticsAggregateResult {
  const cache = new Map<string, Statement>();
  const all = <T>(sql: string, params: Params): T[] => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement.all(params) as T[];
  };

  return (query) => {
    const q = normalizeAggregateQuery(query);
    const base: Params = { installationId: q.installationId, from: q.from, to: q.to };
    if (q.groupBy === 'time') base.buckets = clippedBuckets(q);
    const rows = new Map<string, AnalyticsAggregateRow>();
    const result: AnalyticsAggregateResult = { rows: [], conversationSets: [] };
    if (q.types.length === 0 && !q.conversationSets) return result;

    const counted =
      q.groupBy === 'time'
        ? all<{ grp: string; type: string; n: number }>(
            `SELECT grp, type, n FROM (
               SELECT b.k AS grp, t.value AS type,
                 (SELECT COUNT(*) FROM analytics_events AS e INDEXED BY ${COVERING}
                   WHERE e.installation_id = @installationId AND e.type = t.value AND e.at >= b.s AND e.at < b.t) AS n
               FROM ${BUCKETS} CROSS JOIN json_each(@types) AS t)
             WHERE n > 0`,
            { ...base, types: JSON.stringify(q.types) },
          )
        : all<{ grp: string | null; type: string; n: number }>(
            `SELECT ${eventsOf(q, COUNT_INDEX[q.groupBy]).grp} AS grp, e.type AS type, COUNT(*) AS n
             FROM ${eventsOf(q, COUNT_INDEX[q.groupBy]).from} ${groupBy(GROUP_OF[q.groupBy], 'e.type')}`,
            { ...base, types: JSON.stringify(q.types) },
          );
    for (const { grp, type, n } of counted) rows.set(rowKey(grp, type), { group: grp, type, count: n });
    const present = new Set(counted.map((row) => row.type));
    const ofType = (type: string): Params => ({ ...base, types: JSON.stringify([type]) });

    for (const type of q.distinctConversations ?? []) {
      if (!present.has(type)) continue;
      const events = eventsOf(q);
      for (const { grp, n } of all<{ grp: string | null; n: number }>(
        `SELECT ${events.grp} AS grp, COUNT(DISTINCT e.conversation_id) AS n FROM ${events.from} ${groupBy(events.grp)}`,
        ofType(type),
      )) {
        const row = rows.get(rowKey(grp, type));
        if (row) row.conversations = n;
      }
    }

    for (const [type, field] of Object.entries(q.countBy ?? {})) {
      if (!present.has(type)) continue;
      const events = eventsOf(q);
      for (const { grp, v, n } of all<{ grp: string | null; v: string; n: number }>(
        `SELECT ${events.grp} AS grp, ${VALUE_KEY} AS v, COUNT(*) AS n FROM ${events.from} ${groupBy(events.grp, 'v')}`,
        { ...ofType(type), path: `$.${field}` },
      )) {
        const row = rows.get(rowKey(grp, type));
        if (!row) continue;
        row.values ??= {};
        row.values[v] = n;
      }
    }

    for (const [type, field] of Object.entries(q.measure ?? {})) {
      if (!present.has(type)) continue;
      const events = eventsOf(q, COVERING, `AND json_type(e.data, @path) IN ('integer', 'real')`);
      const columns = q.percentiles.map((_p, i) => `, percentile_cont(x, @p${i}) AS q${i}`).join('');
      const measured = all<Record<string, number | string | null>>(
        `SELECT grp, COUNT(*) AS n, TOTAL(x) AS total ${columns}
         FROM (SELECT ${events.grp} AS grp, json_extract(e.data, @path) AS x FROM ${events.from}) ${groupBy(events.grp === 'NULL' ? 'NULL' : 'grp')}`,
        {
          ...ofType(type),
          path: `$.${field}`,
          ...Object.fromEntries(q.percentiles.map((p, i) => [`p${i}`, p])),
        },
      );
      for (const entry of measured) {
        const row = rows.get(rowKey((entry.grp as string | null) ?? null, type));
        if (!row) continue;
        row.measure = {
          count: entry.n as number,
          sum: entry.total as number,
          percentiles: q.percentiles.map((_p, i) => (entry[`q${i}`] as number | null) ?? null),
        };
      }
      for (const row of rows.values()) {
        if (row.type === type && !row.measure)
          row.measure = { count: 0, sum: 0, percentiles: q.percentiles.map(() => null) };
      }
    }

    for (const [name, setTypes] of Object.entries(q.conversationSets ?? {})) {
      const events = eventsOf(q);
      for (const { grp, n, c } of all<{ grp: string | null; n: number; c: number }>(
        `SELECT ${events.grp} AS grp, COUNT(DISTINCT e.conversation_id) AS n, COUNT(*) AS c FROM ${events.from} ${groupBy(events.grp)}`,
        { ...base, types: JSON.stringify(setTypes) },
      )) {
        // Without GROUP BY an aggregate answers one row even over no events.
        if (c > 0) result.conversationSets.push({ group: grp, name, conversations: n });
      }
    }
    result.rows = [...rows.values()];
    return result;
  };
}
