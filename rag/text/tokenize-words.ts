/**
 * Splits text into lowercase word tokens: runs of letters and digits in any
 * script, after NFKC normalisation so full-width and composed forms match.
 * Apostrophes and punctuation split words ("don't" → "don", "t").
 */
export function tokenizeWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

const WORD = /[\p{L}\p{N}]+/gu;
