/** How a channel counts the length of a message. */
export type LengthUnit = 'utf16' | 'utf8-bytes' | 'code-points';

/**
 * Length of `text` in `unit`. UTF-16 code units (JavaScript's `length`) are
 * never fewer than the "characters" platforms count, so they are the safe
 * default; Instagram documents its limit in UTF-8 bytes.
 */
export function measureText(text: string, unit: LengthUnit): number {
  switch (unit) {
    case 'utf16':
      return text.length;
    case 'utf8-bytes':
      return Buffer.byteLength(text, 'utf8');
    case 'code-points': {
      let count = 0;
      for (const _ of text) count++;
      return count;
    }
  }
}
