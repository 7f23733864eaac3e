/**
 * Approximate model tokens without a tokenizer: about 4/3 tokens per English
 * word, and at least one token per 4 characters (long words, code, URLs and
 * scripts without spaces).
 */
export function estimateTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.ceil(Math.max(words * (4 / 3), text.length / 4));
}
