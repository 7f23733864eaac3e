import type { Nodes, Paragraph, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify, { type Options as StringifyOptions } from 'remark-stringify';
import { unified } from 'unified';
import { degradeTable } from './degrade-table.ts';
import { MARKDOWN_STYLE } from './render-markdown.ts';

/**
 * Microsoft Teams text messages (`textFormat: markdown`): Teams renders a
 * CommonMark subset but text-only messages have no tables and headings are not
 * rendered on every client, so headings become bold paragraphs and tables
 * labelled lists; raw HTML is kept as literal text.
 * https://learn.microsoft.com/microsoftteams/platform/resources/bot-v3/bots-text-formats
 */
export function renderTeams(root: Root): string {
  return teamsStringifier.stringify(adaptForTeams(root, false) as Root).trim();
}

type RootHandler = NonNullable<NonNullable<StringifyOptions['handlers']>['root']>;

/**
 * remark-stringify writes `&` before a letter as `\&` everywhere, link targets
 * included (syntax-tree/mdast-util-to-markdown#53). CommonMark readers undo
 * that escape, Teams does not, so `?a=1&b=2` would reach the customer as a
 * broken `?a=1\&b=2`. Link and image targets keep their `&` as is; text keeps
 * the escape.
 */
const keepAmpersandsInTargets: RootHandler = (node, _parent, state, info) => {
  state.unsafe = state.unsafe.map((pattern) => {
    if (pattern.character !== '&') return pattern;
    const notIn = pattern.notInConstruct ? [pattern.notInConstruct].flat() : [];
    return { ...pattern, notInConstruct: [...notIn, 'destinationLiteral', 'destinationRaw'] };
  });
  // The root of a parsed (and Teams-adapted) tree holds only flow content.
  return state.containerFlow(node, info);
};

const teamsStringifier = unified()
  .use(remarkGfm)
  .use(remarkStringify, { ...MARKDOWN_STYLE, handlers: { root: keepAmpersandsInTargets } });

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
