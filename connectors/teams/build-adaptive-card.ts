/**
 * Long replies and replies with tables go to Teams as an Adaptive Card rather
 * than as several text messages: a card keeps one reply in one message, shows
 * tables as real tables (`Table`, schema 1.5) and code in monospace, and uses
 * the full message width.
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#markdown-formatting-for-adaptive-cards
 * https://adaptivecards.io/explorer/Table.html
 *
 * A Teams message (card included) is limited to about 28 KB, so a reply too
 * big for one card is packed into as few cards as fit.
 */
import type { Nodes, Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseMarkdown } from '../../plugin/channels/render/parse-markdown.ts';
import { serializeText, type TextDialect } from '../../plugin/channels/render/serialize-text.ts';
import { splitRenderedText } from '../../plugin/channels/split/split-tree.ts';

export type CardElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  msteams: { width: 'Full' };
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** JSON bytes one card may take, leaving room for the activity around it under Teams' ~28 KB cap. */
export const TEAMS_CARD_BYTES = 24_000;
/** No single element may be larger than this, so that several fit in a card and none is refused. */
const ELEMENT_BYTES = 8_000;

/**
 * Adaptive Card TextBlock markdown: `**bold**`, `_italic_`, `[label](url)`,
 * `- ` / `1. ` lists. It has no strikethrough, inline code or escaping, so
 * those are written as their plain text.
 */
const cardTextDialect: TextDialect = {
  text: (value) => value,
  strong: (inner) => `**${inner}**`,
  emphasis: (inner) => `_${inner}_`,
  delete: (inner) => inner,
  inlineCode: (value) => value,
  codeBlock: (value) => value,
  link: (label, url, selfLabelled) => (selfLabelled ? label : `[${label}](${url})`),
  unsafeLink: (label) => label,
  image: (alt, url) => `[${alt || url}](${url})`,
  hardBreak: '\n',
  heading: (inner) => inner,
  headingIsStrong: false,
  blockquote: (inner) => inner,
  listMarker: (ordered, n) => (ordered ? `${n}. ` : '- '),
  thematicBreak: '',
  footnoteReference: (label) => `[${label}]`,
};

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function cardText(node: RootContent): string {
  return serializeText({ type: 'root', children: [node] } as Root, cardTextDialect);
}

function textBlock(text: string, extra: CardElement = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function tableElement(table: Table): CardElement {
  const [header, ...rows] = table.children;
  const width = Math.max(...table.children.map((row) => row.children.length), 1);
  const row = (cells: Table['children'][number]['children'], isHeader: boolean) => ({
    type: 'TableRow',
    cells: Array.from({ length: width }, (_, index) => {
      const cell = cells[index];
      const text = cell
        ? serializeText(
            { type: 'root', children: [{ type: 'paragraph', children: cell.children }] },
            cardTextDialect,
          )
        : '';
      return { type: 'TableCell', items: [textBlock(text, isHeader ? { weight: 'Bolder' } : {})] };
    }),
  });
  return {
    type: 'Table',
    columns: Array.from({ length: width }, () => ({ width: 1 })),
    firstRowAsHeader: true,
    showGridLines: true,
    rows: [...(header ? [row(header.children, true)] : []), ...rows.map((r) => row(r.children, false))],
  };
}

/** One markdown block as card elements (several when a blockquote holds several blocks). */
function blockElements(node: RootContent): CardElement[] {
  switch (node.type) {
    case 'heading':
      return [
        textBlock(toString(node), {
          weight: 'Bolder',
          size: node.depth === 1 ? 'Large' : node.depth === 2 ? 'Medium' : 'Default',
        }),
      ];
    case 'code':
      // RichTextBlock runs are not parsed as markdown, so code keeps its `*` and `_`.
      return [
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: node.value, fontType: 'Monospace' }] },
      ];
    case 'table':
      return [tableElement(node)];
    case 'blockquote':
      return [
        {
          type: 'Container',
          style: 'emphasis',
          items: node.children.flatMap((child) => blockElements(child)),
        },
      ];
    case 'list': {
      // Adaptive Card lists need their items separated by `\r`.
      const text = cardText(node).split('\n').join('\r');
      return text ? [textBlock(text)] : [];
    }
    case 'thematicBreak':
      return [];
    case 'definition':
    case 'yaml':
      return [];
    default: {
      const text = cardText(node);
      return text ? [textBlock(text)] : [];
    }
  }
}

/** Splits an element that is too large into several of the same kind. */
function fitElement(element: CardElement): CardElement[] {
  if (bytes(element) <= ELEMENT_BYTES) return [element];
  const fitsText = (text: string) => Buffer.byteLength(JSON.stringify(text), 'utf8') <= ELEMENT_BYTES - 200;
  if (element.type === 'TextBlock' && typeof element.text === 'string') {
    return splitRenderedText(element.text, fitsText).map((text) => ({ ...element, text }));
  }
  if (element.type === 'RichTextBlock') {
    const run = (element.inlines as CardElement[])[0] ?? {};
    return splitRenderedText(String(run.text ?? ''), fitsText).map((text) => ({
      ...element,
      inlines: [{ ...run, text }],
    }));
  }
  if (element.type === 'Table') {
    const [header, ...rows] = element.rows as CardElement[];
    const tables: CardElement[] = [];
    let current: CardElement[] = [];
    for (const row of rows) {
      if (current.length > 0 && bytes({ ...element, rows: [header, ...current, row] }) > ELEMENT_BYTES) {
        tables.push({ ...element, rows: [header, ...current] });
        current = [];
      }
      current.push(row);
    }
    tables.push({ ...element, rows: [header, ...current] });
    return tables;
  }
  if (element.type === 'Container') return (element.items as CardElement[]).flatMap(fitElement);
  return [element];
}

function newCard(body: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
}

/** Builds the card(s) for a markdown reply: normally one, more only when the reply exceeds one message. */
export function buildAdaptiveCards(markdown: string): AdaptiveCard[] {
  const root = parseMarkdown(markdown);
  const elements: CardElement[] = [];
  let separateNext = false;
  for (const node of root.children) {
    if (node.type === 'thematicBreak') {
      separateNext = true;
      continue;
    }
    for (const element of blockElements(node).flatMap(fitElement)) {
      elements.push(separateNext ? { ...element, separator: true } : element);
      separateNext = false;
    }
  }
  const cards: AdaptiveCard[] = [];
  let body: CardElement[] = [];
  for (const element of elements) {
    if (body.length > 0 && bytes(newCard([...body, element])) > TEAMS_CARD_BYTES) {
      cards.push(newCard(body));
      body = [];
    }
    body.push(element);
  }
  if (body.length > 0) cards.push(newCard(body));
  return cards;
}

/** True when the markdown holds a table anywhere (a card shows it as a real table). */
export function hasTable(markdown: string): boolean {
  const visit = (node: Nodes): boolean =>
    node.type === 'table' || ('children' in node && (node.children as Nodes[]).some(visit));
  return visit(parseMarkdown(markdown));
}
