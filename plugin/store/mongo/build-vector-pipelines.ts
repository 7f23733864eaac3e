import { normalizeVector } from '../normalize-vector.ts';
import type { VectorQuery } from '../store.ts';
import { ATLAS_VECTOR_INDEX_NAME } from './atlas-vector-index.ts';
import { NO_INBOX } from './models.ts';

/** `$vectorSearch` looks at this many candidates per wanted hit (Atlas recommends 10-20x), within its limits. */
const CANDIDATES_PER_HIT = 20;
const MIN_CANDIDATES = 100;
const MAX_CANDIDATES = 10_000;

/**
 * Atlas `$vectorSearch` with the port's filters as pre-filters. Atlas reports
 * cosine similarity as (1 + cos) / 2; the added `score` is the cosine itself.
 */
export function buildAtlasSearchPipeline(query: VectorQuery): Array<Record<string, unknown>> {
  const numCandidates = Math.min(MAX_CANDIDATES, Math.max(MIN_CANDIDATES, query.topK * CANDIDATES_PER_HIT));
  const filters: Array<Record<string, unknown>> = [
    { installationId: { $eq: query.installationId } },
    { embedderId: { $eq: query.embedderId } },
  ];
  if (query.inboxId !== undefined) filters.push({ inboxId: { $in: [query.inboxId, NO_INBOX] } });
  if (query.language !== undefined) filters.push({ language: { $eq: query.language } });
  return [
    {
      $vectorSearch: {
        index: ATLAS_VECTOR_INDEX_NAME,
        path: 'vector',
        queryVector: Array.from(query.vector),
        numCandidates,
        limit: Math.min(query.topK, numCandidates),
        filter: { $and: filters },
      },
    },
    { $addFields: { score: { $subtract: [{ $multiply: [{ $meta: 'vectorSearchScore' }, 2] }, 1] } } },
  ];
}

/**
 * Exact cosine search for deployments without Atlas Search: match the
 * tenant, embedder, dimension and filters (index-backed), then score each
 * candidate as (stored · unit query) / stored norm, best first.
 */
export function buildExactSearchPipeline(query: VectorQuery): Array<Record<string, unknown>> {
  const unit = Array.from(normalizeVector(query.vector));
  const match: Record<string, unknown> = {
    installationId: query.installationId,
    embedderId: query.embedderId,
    dims: unit.length,
  };
  if (query.inboxId !== undefined) match.inboxId = { $in: [query.inboxId, NO_INBOX] };
  if (query.language !== undefined) match.language = query.language;
  const dot = {
    $reduce: {
      input: { $zip: { inputs: ['$vector', { $literal: unit }] } },
      initialValue: 0,
      in: {
        $add: ['$$value', { $multiply: [{ $arrayElemAt: ['$$this', 0] }, { $arrayElemAt: ['$$this', 1] }] }],
      },
    },
  };
  return [
    { $match: match },
    { $addFields: { score: { $cond: [{ $gt: ['$norm', 0] }, { $divide: [dot, '$norm'] }, 0] } } },
    // $sort followed by $limit coalesces into a top-k sort: memory stays at k documents.
    { $sort: { score: -1, _id: 1 } },
    { $limit: query.topK },
  ];
}
