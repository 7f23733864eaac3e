import type { Root } from 'mdast';
import { quoteLines } from './quote-lines.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';

/**
 * WhatsApp formatting: `*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````,
 * `` `code` ``, `> quote`, `- ` / `1. ` lists. WhatsApp has no escape
 * character, so literal text is sent unchanged. Links are spelled out as
 * `text (url)` because WhatsApp has no link syntax.
 * https://faq.whatsapp.com/539178204879377
 */
export const whatsappDialect: TextDialect = {
  text: (value) => value,
  strong: (inner) => `*${inner}*`,
  emphasis: (inner) => `_${inner}_`,
  delete: (inner) => `~${inner}~`,
  // Inline code cannot contain a backtick; such code is sent as plain text.
  inlineCode: (value) => (value.includes('`') ? value : `\`${value}\``),
  codeBlock: (value) => (value.includes('```') ? value : `\`\`\`${value}\`\`\``),
  link: (label, url, selfLabelled) => (selfLabelled ? label : `${label} (${url})`),
  image: (alt, url) => (alt ? `${alt} (${url})` : url),
  hardBreak: '\n',
  heading: (inner) => `*${inner}*`,
  headingIsStrong: true,
  blockquote: (inner) => quoteLines(inner, '> '),
  listMarker: (ordered, n, checked) => `${ordered ? `${n}. ` : '- '}${taskBox(checked)}`,
  thematicBreak: '———',
  footnoteReference: (label) => `[${label}]`,
};

/** Renders markdown (as mdast) in WhatsApp's formatting. */
export function renderWhatsapp(root: Root): string {
  return serializeText(root, whatsappDialect);
}

/** `[x] ` / `[ ] ` for GFM task list items, nothing otherwise. */
export function taskBox(checked: boolean | null | undefined): string {
  if (checked === true) return '[x] ';
  if (checked === false) return '[ ] ';
  return '';
}
