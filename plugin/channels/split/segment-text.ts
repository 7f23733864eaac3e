/**
 * Where a text may be cut. `head` is where the first piece ends and `tail`
 * where the next begins; whitespace between them belongs to neither.
 */
export interface Cut {
  head: number;
  tail: number;
}

/**
 * How fine a cut is, coarse to fine: line ends, sentence ends, whitespace,
 * dictionary word boundaries (needed for scripts written without spaces,
 * e.g. Thai, Chinese, Japanese) and, as the last resort, grapheme clusters.
 * Every level only yields grapheme-cluster boundaries, so a cut never splits
 * a surrogate pair, a combining mark from its base or an emoji ZWJ sequence.
 */
export type CutLevel = 'line' | 'sentence' | 'space' | 'word' | 'grapheme';

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(
  granularity: 'grapheme' | 'word' | 'sentence',
  locale: string | undefined,
): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ''}`;
  let found = segmenters.get(key);
  if (!found) {
    found = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, found);
  }
  return found;
}

/** Grapheme cluster start offsets of `text` (UTF-16 indices), including 0. */
export function graphemeStarts(text: string, locale?: string): number[] {
  return Array.from(segmenter('grapheme', locale).segment(text), (segment) => segment.index);
}

/** Splits `text` into grapheme clusters. */
export function graphemes(text: string, locale?: string): string[] {
  return Array.from(segmenter('grapheme', locale).segment(text), (segment) => segment.segment);
}

/**
 * All cuts of `level` that leave a non-empty head and tail, in ascending order.
 * With `trim`, whitespace around a cut is dropped (prose); without it every
 * character is kept (code), except the newline of a `line` cut.
 */
export function findCuts(text: string, level: CutLevel, trim: boolean, locale?: string): Cut[] {
  const raw: Cut[] = [];
  switch (level) {
    case 'line':
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
        raw.push({ head: i, tail: i + 1 });
      break;
    case 'sentence':
      for (const { index } of segmenter('sentence', locale).segment(text))
        if (index > 0) raw.push({ head: index, tail: index });
      break;
    case 'space':
      // A cut after the whitespace run: prose trims it away, code keeps it at the end of the head.
      for (const match of text.matchAll(/\s+/g)) {
        const end = match.index + match[0].length;
        raw.push({ head: end, tail: end });
      }
      break;
    case 'word':
      for (const { index } of segmenter('word', locale).segment(text))
        if (index > 0) raw.push({ head: index, tail: index });
      break;
    case 'grapheme':
      for (const index of graphemeStarts(text, locale)) if (index > 0) raw.push({ head: index, tail: index });
      break;
  }
  const cuts: Cut[] = [];
  for (const cut of raw) {
    const adjusted = trim ? trimCut(text, cut) : cut;
    if (adjusted.head <= 0 || adjusted.tail >= text.length) continue;
    const previous = cuts[cuts.length - 1];
    if (previous && previous.head === adjusted.head) continue;
    cuts.push(adjusted);
  }
  return cuts;
}

function trimCut(text: string, cut: Cut): Cut {
  let { head, tail } = cut;
  while (head > 0 && /\s/.test(text[head - 1] ?? '')) head--;
  while (tail < text.length && /\s/.test(text[tail] ?? '')) tail++;
  return { head, tail };
}
