import { distance } from 'fastest-levenshtein';

/** How far the text an agent sent is from the suggestion: Levenshtein distance, and that distance over the longer text. */
export function measureEditDistance(
  suggested: string,
  sent: string,
): { distance: number; normalized: number } {
  const edits = distance(suggested, sent);
  const longer = Math.max(suggested.length, sent.length);
  return { distance: edits, normalized: longer === 0 ? 0 : Math.round((edits / longer) * 1000) / 1000 };
}
