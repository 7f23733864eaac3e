import type { Root } from 'mdast';
import { unified } from 'unified';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';

const stringifier = unified().use(remarkGfm).use(remarkStringify, {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  rule: '-',
});

/**
 * Normalised CommonMark + GFM (for the web widget, API inboxes and any
 * channel where Chatwoot converts markdown on delivery): one marker style,
 * fenced code, resolved reference links, escaping done by remark-stringify.
 */
export function renderMarkdown(root: Root): string {
  return stringifier.stringify(root).trim();
}
