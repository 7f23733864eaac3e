import { createHash } from 'node:crypto';

/** Unicode NFKC, whitespace runs collapsed to one space, trimmed: edits that change no words change no hash. */
export function normalizeContent(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** sha256 (hex) of the normalised text. */
export function hashContent(text: string): string {
  return createHash('sha256').update(normalizeContent(text), 'utf8').digest('hex');
}
