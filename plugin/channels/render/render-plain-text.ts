import type { Root } from 'mdast';
import { quoteLines } from './quote-lines.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';
import { taskBox } from './render-whatsapp.ts';

/**
 * Plain text for channels that render no markup (Messenger, Instagram, SMS,
 * LINE, email's text alternative): emphasis markers are dropped, code is kept
 * verbatim, links are spelled out as `text (url)`, lists use `- ` / `1. `.
 * Only GSM-7 characters are introduced, so SMS replies do not switch to UCS-2
 * because of Omniloom's own punctuation.
 */
export const plainTextDialect: TextDialect = {
  text: (value) => value,
  strong: (inner) => inner,
  emphasis: (inner) => inner,
  delete: (inner) => inner,
  inlineCode: (value) => value,
  codeBlock: (value) => value,
  link: (label, url, selfLabelled) => (selfLabelled ? label : `${label} (${url})`),
  image: (alt, url) => (alt ? `${alt} (${url})` : url),
  hardBreak: '\n',
  heading: (inner) => inner,
  headingIsStrong: false,
  blockquote: (inner) => quoteLines(inner, '> '),
  listMarker: (ordered, n, checked) => `${ordered ? `${n}. ` : '- '}${taskBox(checked)}`,
  thematicBreak: '---',
  footnoteReference: (label) => `[${label}]`,
};

/** Renders markdown (as mdast) as plain text. */
export function renderPlainText(root: Root): string {
  return serializeText(root, plainTextDialect);
}
