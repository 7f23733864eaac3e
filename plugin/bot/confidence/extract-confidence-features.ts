import { composeIndexText } from '../../../rag/chunk/compose-index-text.ts';
import {
  DEFAULT_FUSION_PARAMS,
  type FusionParams,
  type RetrievedChunk,
} from '../../../rag/retrieve/create-retriever.ts';
import { analyzeTerms } from '../../../rag/text/analyze-terms.ts';

/** Retrieval evidence for one question, each value roughly in [0, 1]. */
export interface ConfidenceFeatures {
  /** Fused (reciprocal rank) score of the top chunk over the best possible fused score. */
  fusedTop: number;
  /** Top fused score minus the runner-up's, over the best possible. */
  fusedMargin: number;
  /** How closely the keyword and vector legs rank the top chunk: 2 / (keyword rank + vector rank); 0 when a leg missed it. */
  rankAgreement: number;
  /** Best cosine similarity of the vector leg among the results. */
  vectorBest: number;
  /** Best BM25 score per query term, squashed by log1p. */
  keywordBest: number;
  /** Share of the question's terms that appear in the top chunk. */
  termCoverage: number;
}

/** Feature order of the calibration file's weight vectors. */
export const FEATURE_NAMES = [
  'fusedTop',
  'fusedMargin',
  'rankAgreement',
  'vectorBest',
  'keywordBest',
  'termCoverage',
] as const satisfies readonly (keyof ConfidenceFeatures)[];

/** Weighted reciprocal-rank score recomputed from the per-leg ranks, so it is defined in every retrieval mode. */
function fusedScore(hit: RetrievedChunk, fusion: FusionParams): number {
  const keyword = hit.keywordRank ? fusion.keywordWeight / (fusion.k + hit.keywordRank) : 0;
  const vector = hit.vectorRank ? fusion.vectorWeight / (fusion.k + hit.vectorRank) : 0;
  return keyword + vector;
}

/**
 * Turns a question and its retrieval results (best first, as `retrieve`
 * returns them) into the features the confidence model reads. No results
 * means every feature is 0.
 */
export function extractConfidenceFeatures(
  question: string,
  results: readonly RetrievedChunk[],
  fusion: FusionParams = DEFAULT_FUSION_PARAMS,
): ConfidenceFeatures {
  const top = results[0];
  if (!top) {
    return { fusedTop: 0, fusedMargin: 0, rankAgreement: 0, vectorBest: 0, keywordBest: 0, termCoverage: 0 };
  }
  const best = (fusion.keywordWeight + fusion.vectorWeight) / (fusion.k + 1);
  const fused = results.map((hit) => fusedScore(hit, fusion));
  const queryTerms = analyzeTerms(question);
  const topTerms = new Set(analyzeTerms(composeIndexText(top.chunk)));
  const uniqueQuery = [...new Set(queryTerms)];
  const keywordScores = results.map((hit) => hit.keywordScore ?? 0);
  const vectorScores = results.map((hit) => hit.vectorScore ?? 0);
  return {
    fusedTop: fused[0]! / best,
    fusedMargin: (fused[0]! - (fused[1] ?? 0)) / best,
    rankAgreement: top.keywordRank && top.vectorRank ? 2 / (top.keywordRank + top.vectorRank) : 0,
    vectorBest: Math.max(0, ...vectorScores),
    keywordBest: Math.log1p(Math.max(0, ...keywordScores) / Math.max(1, uniqueQuery.length)),
    termCoverage: uniqueQuery.length
      ? uniqueQuery.filter((term) => topTerms.has(term)).length / uniqueQuery.length
      : 0,
  };
}

/** The features as a vector in `FEATURE_NAMES` order. */
export function featureVector(features: ConfidenceFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}
