import type { BlockContent, DefinitionContent, List, PhrasingContent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isContinuation } from './continuation.ts';
import { degradeTable } from './degrade-table.ts';
import { isAllowedUrl, isSelfLabelled } from './link-policy.ts';

/** Inline marks currently open around the text being rendered. */
type InlineMark = 'strong' | 'emphasis' | 'delete';

/**
 * What a line-oriented chat dialect (WhatsApp, Slack mrkdwn, Telegram HTML,
 * Discord, plain text, ...) writes for each mdast construct. `serializeText`
 * walks the tree; a dialect only says how each piece looks and how literal
 * text is escaped.
 */
export interface TextDialect {
  /** Literal text, escaped for the dialect. May contain `\n` (soft line breaks). */
  text(value: string): string;
  strong(inner: string): string;
  emphasis(inner: string): string;
  delete(inner: string): string;
  inlineCode(value: string): string;
  /**
   * `label` is already rendered. `selfLabelled` when the visible text is the
   * target itself (`https://x.com`, or `www.x.com` / `a@b.co` autolink literals);
   * most dialects then just write the label and let the app autolink it.
   */
  link(label: string, url: string, selfLabelled: boolean): string;
  /** Rendered when a link target is not allowed by the link policy. */
  unsafeLink?(label: string): string;
  image(alt: string, url: string): string;
  hardBreak: string;
  /** `inner` was rendered with `strong` already open when `headingIsStrong` says so for `depth`. */
  heading(inner: string, depth: number): string;
  headingIsStrong: boolean | ((depth: number) => boolean);
  codeBlock(value: string, lang: string | null | undefined): string;
  blockquote(inner: string): string;
  listMarker(ordered: boolean, n: number, checked: boolean | null | undefined): string;
  thematicBreak: string;
  footnoteReference(label: string): string;
  /** Escapes a block marker (`#`, `-`, `1.`, `>`) at the start of a paragraph line. */
  lineStart?(line: string): string;
  /** Final pass over the whole message. */
  finalize?(text: string): string;
  /** Extra URL schemes this dialect links (e.g. `tg:`). */
  extraSchemes?: readonly string[];
}

/** Renders an mdast tree into a dialect's text. Output has no leading or trailing blank lines. */
export function serializeText(root: Root, dialect: TextDialect): string {
  const walker = new TextWalker(dialect);
  const body = walker.blocks(root.children, '\n\n');
  return (dialect.finalize ? dialect.finalize(body) : body).replace(/^\n+|\s+$/g, '');
}

type Block = RootContent | BlockContent | DefinitionContent;

class TextWalker {
  constructor(private readonly dialect: TextDialect) {}

  blocks(nodes: readonly Block[], separator: string): string {
    return nodes
      .map((node) => this.block(node))
      .filter((text) => text !== '')
      .join(separator);
  }

  private block(node: Block): string {
    const d = this.dialect;
    switch (node.type) {
      case 'paragraph':
        return this.lines(this.phrasing(node.children, new Set()));
      case 'heading': {
        const strong =
          typeof d.headingIsStrong === 'function' ? d.headingIsStrong(node.depth) : d.headingIsStrong;
        const marks = new Set<InlineMark>(strong ? ['strong'] : []);
        return d.heading(this.phrasing(node.children, marks), node.depth);
      }
      case 'thematicBreak':
        return d.thematicBreak;
      case 'blockquote': {
        const inner = this.blocks(node.children, '\n\n');
        return inner === '' ? '' : d.blockquote(inner);
      }
      case 'list':
        return this.list(node);
      case 'code':
        return d.codeBlock(node.value, node.lang);
      case 'html':
        return this.lines(d.text(node.value));
      case 'table':
        return this.list(degradeTable(node));
      case 'footnoteDefinition': {
        const inner = this.blocks(node.children, '\n');
        return `${d.footnoteReference(node.label ?? node.identifier)} ${inner}`.trimEnd();
      }
      case 'definition':
      case 'yaml':
        return '';
      default:
        // Phrasing content at block level only happens in hand-built trees.
        return this.phrasing([node as PhrasingContent], new Set());
    }
  }

  private lines(text: string): string {
    const { lineStart } = this.dialect;
    return lineStart ? text.split('\n').map(lineStart).join('\n') : text;
  }

  private list(node: List): string {
    const d = this.dialect;
    const ordered = node.ordered === true;
    const start = node.start ?? 1;
    const items = node.children.map((item, index) => {
      const n = start + index;
      const marker = d.listMarker(ordered, n, item.checked);
      const indent = ' '.repeat(d.listMarker(ordered, n, null).length);
      const body = this.blocks(item.children, item.spread ? '\n\n' : '\n');
      const lines = body.split('\n');
      const first = isContinuation(item) ? indent + (lines[0] ?? '') : marker + (lines[0] ?? '');
      const rest = lines.slice(1).map((line) => (line === '' ? line : indent + line));
      return [first.trimEnd(), ...rest].join('\n');
    });
    return items.join(node.spread ? '\n\n' : '\n');
  }

  phrasing(nodes: readonly PhrasingContent[], marks: ReadonlySet<InlineMark>): string {
    return nodes.map((node) => this.inline(node, marks)).join('');
  }

  private inline(node: PhrasingContent, marks: ReadonlySet<InlineMark>): string {
    const d = this.dialect;
    switch (node.type) {
      case 'text':
        return d.text(node.value);
      case 'strong':
      case 'emphasis':
      case 'delete': {
        const inner = this.phrasing(node.children, new Set([...marks, node.type]));
        // A mark already open (bold inside a bold heading) would close the outer one in most dialects.
        if (marks.has(node.type) || inner === '') return inner;
        return d[node.type](inner);
      }
      case 'inlineCode':
        return d.inlineCode(node.value);
      case 'break':
        return d.hardBreak;
      case 'link': {
        const label = this.phrasing(node.children, marks);
        if (!isAllowedUrl(node.url, d.extraSchemes)) return d.unsafeLink ? d.unsafeLink(label) : label;
        return d.link(label, node.url, isSelfLabelled(toString(node), node.url));
      }
      case 'image':
        return isAllowedUrl(node.url) ? d.image(node.alt ?? '', node.url) : d.text(node.alt ?? '');
      case 'html':
        return d.text(node.value);
      case 'footnoteReference':
        return d.footnoteReference(node.label ?? node.identifier);
      default:
        return d.text(toString(node));
    }
  }
}
