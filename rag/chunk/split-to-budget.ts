import { estimateTokens } from './estimate-tokens.ts';

const SEPARATORS: Array<{ split: (text: string) => string[]; join: string }> = [
  { split: (text) => text.split(/\n+/), join: '\n' },
  { split: (text) => text.split(/(?<=[.!?…])\s+/), join: ' ' },
  { split: (text) => text.split(/\s+/), join: ' ' },
];

/** Cuts a string that has no spaces (a long URL, a base64 blob) into budget-sized slices. */
function sliceCharacters(text: string, maxTokens: number): string[] {
  const size = Math.max(1, maxTokens * 4);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * Splits text into pieces of at most `maxTokens`, preferring the coarsest
 * boundary that works: lines, then sentences, then words. Adjacent small parts
 * are packed back together greedily so pieces stay close to the budget.
 */
export function splitToBudget(text: string, maxTokens: number, level = 0): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (estimateTokens(trimmed) <= maxTokens) return [trimmed];
  const separator = SEPARATORS[level];
  if (!separator) return sliceCharacters(trimmed, maxTokens);
  const pieces: string[] = [];
  let current = '';
  for (const part of separator.split(trimmed)) {
    if (!part.trim()) continue;
    const parts =
      estimateTokens(part) > maxTokens ? splitToBudget(part, maxTokens, level + 1) : [part.trim()];
    for (const small of parts) {
      const joined = current ? current + separator.join + small : small;
      if (estimateTokens(joined) <= maxTokens) {
        current = joined;
      } else {
        if (current) pieces.push(current);
        current = small;
      }
    }
  }
  if (current) pieces.push(current);
  return pieces;
}
