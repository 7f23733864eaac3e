import { analyzeTerms, type TermAnalysis } from '../text/analyze-terms.ts';
import { tokenizeWords } from '../text/tokenize-words.ts';

/** Which surface features the hashed TF-IDF vector counts. */
export interface FeatureOptions {
  analysis: TermAnalysis;
  /** Character n-gram sizes taken inside each word padded with `#`, e.g. [3, 4]. */
  charNgrams: number[];
}

/**
 * Term frequencies of a text's features: analysed words (prefixed `w:`) and
 * character n-grams of the raw lowercase words (prefixed `c:`). N-grams give
 * some robustness to typos and word forms the stemmer misses.
 */
export function extractFeatures(text: string, options: FeatureOptions): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  };
  for (const term of analyzeTerms(text, options.analysis)) add(`w:${term}`);
  if (options.charNgrams.length) {
    for (const word of tokenizeWords(text)) {
      const padded = `#${word}#`;
      for (const n of options.charNgrams) {
        for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
      }
    }
  }
  return counts;
}
