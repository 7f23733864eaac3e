import type { NormalizedAggregateQuery } from '../normalize-aggregate-query.ts';
import type { AnalyticsAggregateResult, AnalyticsAggregateRow } from '../store.ts';

type Stage = Record<string, unknown>;
type Expression = unknown;

/** What each aggregation pipeline of one aggregate query is for. */
export type AnalyticsPipeline =
  | { kind: 'counts'; pipeline: Stage[] }
  | { kind: 'distinct'; type: string; pipeline: Stage[] }
  | { kind: 'values'; type: string; pipeline: Stage[] }
  | { kind: 'measure'; type: string; pipeline: Stage[] }
  | { kind: 'set'; name: string; pipeline: Stage[] };

/**
 * The bucket index of `$at` as a balanced tree of `$cond` (about log2(n)
 * comparisons per event instead of one per bucket); -1 outside every bucket.
 * ISO strings in one format compare as times.
 */
function bucketIndexExpression(q: NormalizedAggregateQuery): Expression {
  const starts = q.buckets.map((bucket) => bucket.start);
  const last = q.buckets[q.buckets.length - 1];
  const search = (low: number, high: number): Expression => {
    if (low === high) return low;
    const mid = Math.ceil((low + high) / 2);
    return { $cond: [{ $lt: ['$at', starts[mid]] }, search(low, mid - 1), search(mid, high)] };
  };
  if (!last) return -1;
  return {
    $cond: [
      { $or: [{ $lt: ['$at', starts[0]] }, { $gte: ['$at', last.end] }] },
      -1,
      search(0, q.buckets.length - 1),
    ],
  };
}

function groupExpression(q: NormalizedAggregateQuery): Expression {
  switch (q.groupBy) {
    case 'channel':
      return { $ifNull: ['$channel', null] };
    case 'inbox':
      return { $cond: [{ $eq: [{ $ifNull: ['$inboxId', null] }, null] }, null, { $toString: '$inboxId' }] };
    case 'none':
      return null;
    case 'time':
      return bucketIndexExpression(q);
  }
}

/** Same text as `valueKey`: "" for null or missing, `true`/`false`, numbers and strings as text. */
function valueKeyExpression(path: string): Expression {
  const value = `$${path}`;
  const type = { $type: value };
  return {
    $switch: {
      branches: [
        { case: { $in: [type, ['missing', 'null']] }, then: '' },
        { case: { $eq: [type, 'bool'] }, then: { $cond: [value, 'true', 'false'] } },
        { case: { $eq: [type, 'string'] }, then: value },
        { case: { $in: [type, ['int', 'long', 'double', 'decimal']] }, then: { $toString: value } },
      ],
      default: '',
    },
  };
}

/** Distinct non-null conversation ids collected by `$addToSet`. */
const countConversations = (field: string): Expression => ({
  $size: { $filter: { input: `$${field}`, cond: { $ne: ['$$this', null] } } },
});

/** R-7 percentile of the ascending array `$xs` with `$n` entries (same as `interpolatePercentile`). */
function percentileExpression(p: number): Expression {
  const h = { $multiply: [{ $subtract: ['$n', 1] }, p] };
  return {
    $let: {
      vars: { h, lower: { $floor: h } },
      in: {
        $let: {
          vars: {
            low: { $arrayElemAt: ['$xs', '$$lower'] },
            high: { $arrayElemAt: ['$xs', { $min: [{ $add: ['$$lower', 1] }, { $subtract: ['$n', 1] }] }] },
          },
          in: {
            $add: [
              '$$low',
              { $multiply: [{ $subtract: ['$$h', '$$lower'] }, { $subtract: ['$$high', '$$low'] }] },
            ],
          },
        },
      },
    },
  };
}

/**
 * The aggregation pipelines answering one `AnalyticsStore.aggregate` query on
 * the analytics collection: counts and distinct conversations per (group,
 * type), value counts, measures with exact percentiles, conversation sets.
 * Group ids of time buckets are bucket indexes (the caller maps them back).
 */
export function buildAnalyticsPipelines(q: NormalizedAggregateQuery): AnalyticsPipeline[] {
  const base: Stage[] = [
    { $match: { installationId: q.installationId, at: { $gte: q.from, $lt: q.to } } },
    {
      $project: {
        _id: 0,
        type: 1,
        data: 1,
        conversationId: { $ifNull: ['$conversationId', null] },
        g: groupExpression(q),
      },
    },
  ];
  if (q.groupBy === 'time') base.push({ $match: { g: { $gte: 0 } } });
  const withTypes = (types: string[]): Stage[] => [
    { $match: { ...(base[0] as { $match: Record<string, unknown> }).$match, type: { $in: types } } },
    ...base.slice(1),
  ];
  const ofType = (type: string): Stage[] => withTypes([type]);

  const pipelines: AnalyticsPipeline[] = [
    {
      kind: 'counts',
      pipeline: [...withTypes(q.types), { $group: { _id: { g: '$g', t: '$type' }, n: { $sum: 1 } } }],
    },
  ];
  for (const type of q.distinctConversations ?? []) {
    pipelines.push({
      kind: 'distinct',
      type,
      pipeline: [
        ...ofType(type),
        { $group: { _id: '$g', convs: { $addToSet: '$conversationId' } } },
        { $project: { _id: 1, convs: countConversations('convs') } },
      ],
    });
  }
  for (const [type, field] of Object.entries(q.countBy ?? {})) {
    pipelines.push({
      kind: 'values',
      type,
      pipeline: [
        ...ofType(type),
        { $group: { _id: { g: '$g', v: valueKeyExpression(`data.${field}`) }, n: { $sum: 1 } } },
      ],
    });
  }
  for (const [type, field] of Object.entries(q.measure ?? {})) {
    const value = `$data.${field}`;
    pipelines.push({
      kind: 'measure',
      type,
      pipeline: [
        ...ofType(type),
        { $match: { $expr: { $in: [{ $type: value }, ['int', 'long', 'double', 'decimal']] } } },
        { $group: { _id: '$g', n: { $sum: 1 }, sum: { $sum: value }, xs: { $push: value } } },
        { $project: { _id: 1, n: 1, sum: 1, xs: { $sortArray: { input: '$xs', sortBy: 1 } } } },
        {
          $project: {
            _id: 1,
            n: 1,
            sum: 1,
            percentiles: q.percentiles.map((p) => percentileExpression(p)),
          },
        },
      ],
    });
  }
  for (const [name, types] of Object.entries(q.conversationSets ?? {})) {
    pipelines.push({
      kind: 'set',
      name,
      pipeline: [
        ...withTypes(types),
        { $group: { _id: '$g', convs: { $addToSet: '$conversationId' } } },
        { $project: { _id: 1, convs: countConversations('convs') } },
      ],
    });
  }
  return pipelines;
}

interface GroupedDoc {
  _id: unknown;
  n: number;
  convs?: number;
  sum?: number;
  percentiles?: Array<number | null>;
}

/**
 * Runs the pipelines of one aggregate query with `run` (a collection's
 * `aggregate`, or an in-memory evaluator in tests) and assembles the port's
 * result from their outputs.
 */
export async function runAnalyticsPipelines(
  q: NormalizedAggregateQuery,
  run: (pipeline: Stage[]) => Promise<unknown[]>,
): Promise<AnalyticsAggregateResult> {
  if (q.groupBy === 'time' && q.buckets.length === 0) return { rows: [], conversationSets: [] };
  const groupKey = (g: unknown): string | null => {
    if (q.groupBy === 'time') return q.buckets[g as number]?.key ?? null;
    return g === null || g === undefined ? null : String(g);
  };
  const pipelines = buildAnalyticsPipelines(q);
  const outputs = await Promise.all(
    pipelines.map(async (entry) => ({ entry, docs: (await run(entry.pipeline)) as GroupedDoc[] })),
  );
  const rows = new Map<string, AnalyticsAggregateRow>();
  const key = (group: string | null, type: string) => JSON.stringify([group, type]);
  const conversationSets: AnalyticsAggregateResult['conversationSets'] = [];
  for (const { entry, docs } of outputs) {
    if (entry.kind !== 'counts') continue;
    for (const doc of docs) {
      const id = doc._id as { g: unknown; t: string };
      const group = groupKey(id.g);
      rows.set(key(group, id.t), { group, type: id.t, count: doc.n });
    }
  }
  for (const { entry, docs } of outputs) {
    if (entry.kind === 'distinct') {
      for (const doc of docs) {
        const row = rows.get(key(groupKey(doc._id), entry.type));
        if (row) row.conversations = doc.convs ?? 0;
      }
    } else if (entry.kind === 'values') {
      for (const doc of docs) {
        const id = doc._id as { g: unknown; v: string };
        const row = rows.get(key(groupKey(id.g), entry.type));
        if (!row) continue;
        row.values ??= {};
        row.values[id.v] = doc.n;
      }
    } else if (entry.kind === 'measure') {
      for (const doc of docs) {
        const row = rows.get(key(groupKey(doc._id), entry.type));
        if (row) row.measure = { count: doc.n, sum: doc.sum ?? 0, percentiles: doc.percentiles ?? [] };
      }
      for (const row of rows.values()) {
        if (row.type === entry.type && !row.measure)
          row.measure = { count: 0, sum: 0, percentiles: q.percentiles.map(() => null) };
      }
    } else if (entry.kind === 'set') {
      for (const doc of docs)
        conversationSets.push({ group: groupKey(doc._id), name: entry.name, conversations: doc.convs ?? 0 });
    }
  }
  return { rows: [...rows.values()], conversationSets };
}
