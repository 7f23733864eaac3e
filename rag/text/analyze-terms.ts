import { stemmer } from 'stemmer';
import { tokenizeWords } from './tokenize-words.ts';

/** How text becomes index terms for keyword search and the local embedder. */
export interface TermAnalysis {
  /** Apply the Porter stemmer to Latin-script words. */
  stem: boolean;
  /** Terms dropped before indexing (compared before stemming). */
  stopwords: ReadonlySet<string>;
}

/** A short English stop list: function words that carry no topic. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be by for from has have how i if in is it its of on or that the this to was were ' +
    'what when where which who will with can do does my me you your we our'
  ).split(' '),
);

/** The analysis chosen on the benchmark's dev split (see rag/README.md). */
export const DEFAULT_TERM_ANALYSIS: TermAnalysis = { stem: true, stopwords: ENGLISH_STOPWORDS };

const LATIN = /^[a-z]+$/;

/** Tokenizes, drops stop words and (optionally) stems: the terms both BM25 and the local embedder see. */
export function analyzeTerms(text: string, analysis: TermAnalysis = DEFAULT_TERM_ANALYSIS): string[] {
  const terms: string[] = [];
  for (const word of tokenizeWords(text)) {
    if (analysis.stopwords.has(word)) continue;
    terms.push(analysis.stem && LATIN.test(word) ? stemmer(word) : word);
  }
  return terms;
}
