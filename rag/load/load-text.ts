import type { StructuredDocument } from '../chunk/text-blocks.ts';

/** Plain text: one block per paragraph, paragraphs separated by blank lines. */
export function loadText(text: string): StructuredDocument {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => ({ kind: 'text' as const, text: paragraph }));
  return { blocks };
}
