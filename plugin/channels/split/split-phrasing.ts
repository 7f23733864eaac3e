import type { PhrasingContent } from 'mdast';
import type { Cut } from './segment-text.ts';

/** A wrapper node (emphasis, strong, delete, link) that a run of text sits in. */
type Mark = Extract<PhrasingContent, { type: 'emphasis' | 'strong' | 'delete' | 'link' }>;

interface Leaf {
  /** The text this leaf contributes to the flattened string (atoms: one placeholder character). */
  text: string;
  kind: 'text' | 'code' | 'atom';
  marks: readonly Mark[];
  /** For atoms (break, image, footnote reference, inline HTML): the node itself. */
  node?: PhrasingContent;
}

/** Placeholder standing for an image or footnote reference while looking for cuts. */
const OBJECT_REPLACEMENT = '\uFFFC';

/**
 * Inline content flattened to one string plus the marks around each run, so
 * it can be cut at any text offset and rebuilt as two valid phrasing trees in
 * which every mark open at the cut is closed in the first piece and re-opened
 * in the second.
 */
export class FlatPhrasing {
  readonly text: string;
  private readonly leaves: Leaf[];
  private readonly starts: number[];

  constructor(children: readonly PhrasingContent[]) {
    this.leaves = [];
    flatten(children, [], this.leaves);
    this.starts = [];
    let offset = 0;
    for (const leaf of this.leaves) {
      this.starts.push(offset);
      offset += leaf.text.length;
    }
    this.text = this.leaves.map((leaf) => leaf.text).join('');
  }

  /** Rebuilds the content between two offsets of `text`. */
  slice(from: number, to: number): PhrasingContent[] {
    const pieces: Leaf[] = [];
    this.leaves.forEach((leaf, index) => {
      const start = this.starts[index] ?? 0;
      const end = start + leaf.text.length;
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a >= b) return;
      if (leaf.kind === 'atom') pieces.push(leaf);
      else pieces.push({ ...leaf, text: leaf.text.slice(a - start, b - start) });
    });
    return rebuild(pieces, 0);
  }

  /** True when a cut there would fall inside a mark or an inline code span. */
  isInsideSpan(cut: Cut): boolean {
    const before = this.leafAt(cut.head - 1);
    const after = this.leafAt(cut.tail);
    if (!before || !after) return false;
    if (before === after && before.kind === 'code') return true;
    return before.marks.some((mark) => after.marks.includes(mark));
  }

  private leafAt(offset: number): Leaf | undefined {
    if (offset < 0 || offset >= this.text.length) return undefined;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return this.leaves[low];
  }
}

function flatten(nodes: readonly PhrasingContent[], marks: readonly Mark[], into: Leaf[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        if (node.value) into.push({ text: node.value, kind: 'text', marks });
        break;
      case 'inlineCode':
        if (node.value) into.push({ text: node.value, kind: 'code', marks });
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
      case 'link':
        flatten(node.children, [...marks, node], into);
        break;
      case 'break':
        into.push({ text: '\n', kind: 'atom', marks, node });
        break;
      default:
        into.push({ text: OBJECT_REPLACEMENT, kind: 'atom', marks, node });
    }
  }
}

function rebuild(leaves: readonly Leaf[], depth: number): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let index = 0;
  while (index < leaves.length) {
    const leaf = leaves[index] as Leaf;
    const mark = leaf.marks[depth];
    if (!mark) {
      if (leaf.kind === 'atom' && leaf.node) out.push(leaf.node);
      else if (leaf.kind === 'code') out.push({ type: 'inlineCode', value: leaf.text });
      else if (leaf.text) out.push({ type: 'text', value: leaf.text });
      index++;
      continue;
    }
    let end = index + 1;
    while (end < leaves.length && leaves[end]?.marks[depth] === mark) end++;
    const children = rebuild(leaves.slice(index, end), depth + 1);
    if (children.length > 0) out.push({ ...mark, children } as Mark);
    index = end;
  }
  return out;
}
