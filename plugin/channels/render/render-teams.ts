import type { Nodes, Paragraph, Root } from 'mdast';
import { degradeTable } from './degrade-table.ts';
import { renderMarkdown } from './render-markdown.ts';

/**
 * Microsoft Teams text messages (`textFormat: markdown`): Teams renders a
 * CommonMark subset but text-only messages have no tables and headings are not
 * rendered on every client, so headings become bold paragraphs and tables
 * labelled lists; raw HTML is kept as literal text.
 * https://learn.microsoft.com/microsoftteams/platform/resources/bot-v3/bots-text-formats
 */
export function renderTeams(root: Root): string {
  return renderMarkdown(adaptForTeams(root, false) as Root);
}

const PHRASING_PARENTS = new Set([
  'paragraph',
  'heading',
  'tableCell',
  'emphasis',
  'strong',
  'delete',
  'link',
]);

function adaptForTeams(node: Nodes, inPhrasing: boolean): Nodes {
  switch (node.type) {
    case 'heading':
      return {
        type: 'paragraph',
        children: [{ type: 'strong', children: node.children }],
      } satisfies Paragraph;
    case 'table':
      return adaptForTeams(degradeTable(node), false);
    case 'html':
      return inPhrasing
        ? { type: 'text', value: node.value }
        : ({ type: 'paragraph', children: [{ type: 'text', value: node.value }] } satisfies Paragraph);
    default:
      if ('children' in node) {
        const phrasing = PHRASING_PARENTS.has(node.type);
        return { ...node, children: node.children.map((child) => adaptForTeams(child, phrasing)) } as Nodes;
      }
      return node;
  }
}
