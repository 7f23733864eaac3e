import type { Root } from 'mdast';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';

/** The remark-stringify style every markdown dialect shares: one marker style, fenced code. */
export const MARKDOWN_STYLE = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
} as const satisfies StringifyOptions;

const stringifier = unified().use(remarkGfm).use(remarkStringify, MARKDOWN_STYLE);

/**
 * Normalised CommonMark + GFM (for the web widget, API inboxes and any
 * channel where Chatwoot converts markdown on delivery): one marker style,
 * fenced code, resolved reference links, escaping done by remark-stringify.
 */
export function renderMarkdown(root: Root): string {
  return stringifier.stringify(root).trim();
}
