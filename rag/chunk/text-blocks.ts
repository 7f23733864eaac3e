/** A unit of document structure that chunking respects: a heading or a block of body text. */
export type TextBlock = { kind: 'heading'; depth: number; text: string } | { kind: 'text'; text: string };

/** What every loader produces: an optional title (from the file) and the body as blocks. */
export interface StructuredDocument {
  title?: string;
  blocks: TextBlock[];
}
