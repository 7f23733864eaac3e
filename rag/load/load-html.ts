import type { Element, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toMdast } from 'hast-util-to-mdast';
import type { Root } from 'mdast';
import type { StructuredDocument } from '../chunk/text-blocks.ts';
import { mdastToBlocks } from './mdast-to-blocks.ts';

function findElement(node: HastRoot | Element, tag: string): Element | undefined {
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === tag) return child;
    const found = findElement(child, tag);
    if (found) return found;
  }
  return undefined;
}

/** Chrome around the content that would only add noise to the knowledge base. */
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
]);

function prune(node: HastRoot | Element): void {
  node.children = node.children.filter((child) => child.type !== 'element' || !SKIPPED.has(child.tagName));
  for (const child of node.children) if (child.type === 'element') prune(child);
}

/**
 * Converts HTML to structure through the unified syntax trees (HTML → hast →
 * mdast), so headings, lists and tables chunk exactly like Markdown. The
 * `<title>` (or else the first `<h1>`) becomes the title.
 */
export function loadHtml(html: string): StructuredDocument {
  const tree = fromHtml(html);
  const titleElement = findElement(tree, 'title');
  const title = titleElement
    ? titleElement.children
        .map((child) => (child.type === 'text' ? child.value : ''))
        .join('')
        .trim()
    : undefined;
  const body = findElement(tree, 'body') ?? tree;
  prune(body);
  const mdast = toMdast(body.type === 'root' ? body : { type: 'root', children: [body] }) as Root;
  const blocks = mdastToBlocks(mdast);
  const firstH1 = blocks.find((block) => block.kind === 'heading' && block.depth === 1);
  return { title: title || firstH1?.text, blocks };
}
