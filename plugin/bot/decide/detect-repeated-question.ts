import { analyzeTerms } from '../../../rag/text/analyze-terms.ts';

/** The terms a question is compared by (stemmed, stop words dropped, unique). */
export function questionTerms(text: string): string[] {
  return [...new Set(analyzeTerms(text))];
}

/**
 * True when `terms` ask the same thing as one of the earlier questions: the
 * same terms, or a Jaccard overlap of at least `minOverlap` with at least two
 * terms in common. A customer who asks again after an answer is telling the
 * bot that answer did not help.
 */
export function isRepeatedQuestion(
  terms: readonly string[],
  earlier: ReadonlyArray<readonly string[]>,
  minOverlap = 0.6,
): boolean {
  if (terms.length === 0) return false;
  const current = new Set(terms);
  return earlier.some((previous) => {
    if (previous.length === 0) return false;
    const shared = previous.filter((term) => current.has(term)).length;
    const union = new Set([...previous, ...terms]).size;
    if (shared === union) return true;
    return shared >= 2 && shared / union >= minOverlap;
  });
}
