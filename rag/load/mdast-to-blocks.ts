import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { TextBlock } from '../chunk/text-blocks.ts';

function tableText(node: Extract<RootContent, { type: 'table' }>): string {
  return node.children.map((row) => row.children.map((cell) => toString(cell).trim()).join(' | ')).join('\n');
}

function listText(node: Extract<RootContent, { type: 'list' }>): string {
  return node.children
    .map((item, i) => {
      const marker = node.ordered ? `${(node.start ?? 1) + i}.` : '-';
      const body = item.children
        .map((child) => blockText(child))
        .filter(Boolean)
        .join('\n');
      return `${marker} ${body}`;
    })
    .join('\n');
}

/** Plain text of one block node, keeping line structure for lists, tables and code. */
function blockText(node: Nodes): string {
  switch (node.type) {
    case 'code':
      return node.value;
    case 'list':
      return listText(node);
    case 'table':
      return tableText(node);
    case 'html':
      return node.value
        .replace(/<[^>]*>/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim();
    case 'thematicBreak':
    case 'definition':
      return '';
    default:
      return toString(node).trim();
  }
}

/**
 * Flattens a Markdown syntax tree into headings and text blocks. Block quotes
 * are descended into so their paragraphs stay separate blocks; everything
 * else becomes one block per top-level node.
 */
export function mdastToBlocks(root: Root): TextBlock[] {
  const blocks: TextBlock[] = [];
  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'heading') {
        blocks.push({ kind: 'heading', depth: node.depth, text: toString(node) });
      } else if (node.type === 'blockquote') {
        visit(node.children);
      } else {
        const text = blockText(node);
        if (text) blocks.push({ kind: 'text', text });
      }
    }
  };
  visit(root.children);
  return blocks;
}
