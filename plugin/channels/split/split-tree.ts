import type {
  Code,
  Html,
  List,
  ListItem,
  Nodes,
  Parents,
  PhrasingContent,
  Root,
  Table,
  TableRow,
} from 'mdast';
import { asContinuation } from '../render/continuation.ts';
import { FlatPhrasing } from './split-phrasing.ts';
import { findCuts, graphemes, type CutLevel } from './segment-text.ts';

/** Renders a (partial) reply tree into the channel's dialect. */
export type RenderTree = (root: Root) => string;
/** Whether one rendered message is within the channel's limits. */
export type FitsText = (text: string) => boolean;

export interface SplitTreeOptions {
  render: RenderTree;
  fits: FitsText;
  /** Locale for sentence and word segmentation (defaults to the runtime's). */
  locale?: string;
}

interface Split<T> {
  head: T;
  tail: T;
}

interface SplitContext {
  /** Fill each piece as far as possible instead of preferring block and sentence boundaries. */
  fill: boolean;
  locale: string | undefined;
}

const PROSE_LEVELS: readonly CutLevel[] = ['sentence', 'space', 'word', 'grapheme'];
const FILL_LEVELS: readonly CutLevel[] = ['space', 'word', 'grapheme'];
const CODE_LEVELS: readonly CutLevel[] = ['line', 'space', 'grapheme'];

/**
 * Splits a reply into messages that each fit the channel, cutting the markdown
 * tree rather than the rendered text: between blocks first (paragraphs, list
 * items, table rows, quote paragraphs), then at sentence, whitespace, word and
 * finally grapheme boundaries inside a paragraph. Formatting open at a cut is
 * closed in one message and re-opened in the next; an oversized code block is
 * cut between lines and re-fenced; table pieces repeat the header row; an
 * ordered list continues its numbering.
 *
 * Only a single block that has no structure left to cut (a table row longer
 * than a whole message) falls back to cutting its rendered text.
 */
export function splitTree(root: Root, options: SplitTreeOptions): string[] {
  const { render, fits } = options;
  const ctx: SplitContext = { fill: false, locale: options.locale };
  const fitsTree = (node: Nodes): boolean => fits(render(node as Root));
  const parts: string[] = [];
  let rest: Root | undefined = root;
  while (rest && rest.children.length > 0) {
    const text = render(rest);
    if (fits(text)) {
      if (text !== '') parts.push(text);
      break;
    }
    const split = splitNode(rest, fitsTree, ctx) as Split<Root> | null;
    if (split) {
      const head = render(split.head);
      if (head !== '') parts.push(head);
      rest = split.tail;
      continue;
    }
    const [first, ...others] = rest.children;
    parts.push(
      ...splitRenderedText(render({ type: 'root', children: first ? [first] : [] }), fits, ctx.locale),
    );
    rest = { type: 'root', children: others };
  }
  return parts;
}

/**
 * The longest start of `root` that fits, cut at whitespace (or, failing that,
 * word or grapheme) boundaries, with formatting closed properly. `undefined`
 * when not even one grapheme fits.
 */
export function takeFittingPrefix(
  root: Root,
  options: SplitTreeOptions,
): { head: Root; truncated: boolean } | undefined {
  const { render, fits } = options;
  if (fits(render(root))) return { head: root, truncated: false };
  const split = splitNode(root, (node) => fits(render(node as Root)), { fill: true, locale: options.locale });
  return split ? { head: split.head as Root, truncated: true } : undefined;
}

/** Cuts `node` into a head that fits and the rest, or `null` when it cannot be cut. */
function splitNode(node: Nodes, fits: (node: Nodes) => boolean, ctx: SplitContext): Split<Nodes> | null {
  switch (node.type) {
    case 'root':
    case 'blockquote':
    case 'footnoteDefinition':
      return splitSequence<Nodes>(
        node.children,
        (children) => withChildren(node, children),
        (children) => withChildren(node, children),
        fits,
        ctx,
      );
    case 'listItem':
      return splitSequence<Nodes>(
        node.children,
        (children) => withChildren(node, children),
        (children) => asContinuation(withChildren(node, children) as ListItem),
        fits,
        ctx,
      );
    case 'list': {
      const start = node.start ?? 1;
      return splitSequence<Nodes>(
        node.children,
        (items) => withChildren(node, items),
        (items, taken) => ({ ...(withChildren(node, items) as List), start: start + taken }),
        fits,
        ctx,
      );
    }
    case 'table': {
      const [header, ...rows] = node.children;
      if (!header) return null;
      const withRows = (children: readonly Nodes[]): Table => ({
        ...node,
        children: [header, ...(children as TableRow[])],
      });
      return splitSequence<Nodes>(rows, withRows, withRows, fits, ctx);
    }
    case 'paragraph':
    case 'heading':
      return splitPhrasing(node, fits, ctx);
    case 'code':
    case 'html':
      return splitLiteral(node, fits, ctx);
    default:
      return null;
  }
}

function withChildren(node: Parents, children: readonly Nodes[]): Nodes {
  return { ...node, children } as Nodes;
}

/**
 * Takes as many whole children as fit. Unless filling, it stops there when at
 * least one fitted (block boundaries beat sentence boundaries); otherwise the
 * next child is cut to fill the space left.
 */
function splitSequence<T extends Nodes>(
  children: readonly Nodes[],
  makeHead: (children: readonly Nodes[]) => T,
  makeTail: (children: readonly Nodes[], taken: number) => T,
  fits: (node: Nodes) => boolean,
  ctx: SplitContext,
): Split<T> | null {
  // Largest k such that the first k children fit (fitting grows with k).
  let low = 0;
  let high = children.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (fits(makeHead(children.slice(0, mid)))) low = mid;
    else high = mid - 1;
  }
  const taken = low;
  if (taken === children.length) return null;
  const whole = (): Split<T> | null =>
    taken > 0
      ? { head: makeHead(children.slice(0, taken)), tail: makeTail(children.slice(taken), taken) }
      : null;
  if (taken > 0 && !ctx.fill) return whole();
  const next = children[taken] as Nodes;
  const before = children.slice(0, taken);
  const inner = splitNode(next, (candidate) => fits(makeHead([...before, candidate])), ctx);
  if (!inner) return whole();
  return {
    head: makeHead([...before, inner.head]),
    tail: makeTail([inner.tail, ...children.slice(taken + 1)], taken),
  };
}

function splitPhrasing(
  node: Extract<Nodes, { type: 'paragraph' | 'heading' }>,
  fits: (node: Nodes) => boolean,
  ctx: SplitContext,
): Split<Nodes> | null {
  const flat = new FlatPhrasing(node.children);
  const piece = (from: number, to: number): Nodes => ({
    ...node,
    children: flat.slice(from, to) as PhrasingContent[],
  });
  const end = flat.text.length;
  // Prefer cuts outside any bold/link/code span and cut inside one only if nothing else fits;
  // when filling (trimming to a cap) every cut counts the same, to keep as much text as possible.
  const passes: (boolean | undefined)[] = ctx.fill ? [undefined] : [false, true];
  for (const insideSpans of passes) {
    for (const level of ctx.fill ? FILL_LEVELS : PROSE_LEVELS) {
      const cuts =
        flat.text === ''
          ? []
          : findCuts(flat.text, level, true, ctx.locale).filter(
              (cut) => insideSpans === undefined || flat.isInsideSpan(cut) === insideSpans,
            );
      const best = largestFitting(cuts, (cut) => fits(piece(0, cut.head)));
      if (best) return { head: piece(0, best.head), tail: piece(best.tail, end) };
    }
  }
  return null;
}

function splitLiteral(
  node: Code | Html,
  fits: (node: Nodes) => boolean,
  ctx: SplitContext,
): Split<Nodes> | null {
  const piece = (from: number, to: number): Nodes => ({ ...node, value: node.value.slice(from, to) });
  for (const level of CODE_LEVELS) {
    const cuts = findCuts(node.value, level, node.type === 'html', ctx.locale);
    const best = largestFitting(cuts, (cut) => fits(piece(0, cut.head)));
    if (best) return { head: piece(0, best.head), tail: piece(best.tail, node.value.length) };
  }
  return null;
}

/** The last candidate that fits, by binary search (a longer head never fits better). */
function largestFitting<T>(candidates: readonly T[], fits: (candidate: T) => boolean): T | undefined {
  let low = -1;
  let high = candidates.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (fits(candidates[mid] as T)) low = mid;
    else high = mid - 1;
  }
  return low >= 0 ? candidates[low] : undefined;
}

/**
 * Last resort for a block with no structure left to cut: cut its rendered
 * text at whitespace, then grapheme boundaries. Formatting may break here.
 */
export function splitRenderedText(text: string, fits: FitsText, locale?: string): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    if (fits(rest)) {
      parts.push(rest);
      break;
    }
    let cut;
    for (const level of ['space', 'grapheme'] as const) {
      const current = rest;
      cut = largestFitting(findCuts(current, level, true, locale), (c) => fits(current.slice(0, c.head)));
      if (cut) break;
    }
    if (!cut) {
      // Not even one grapheme fits (a limit smaller than one character): send it alone rather than loop.
      const first = graphemes(rest, locale)[0] ?? rest;
      parts.push(first);
      rest = rest.slice(first.length).trimStart();
      continue;
    }
    parts.push(rest.slice(0, cut.head));
    rest = rest.slice(cut.tail);
  }
  return parts;
}
