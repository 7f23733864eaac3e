import type { Root } from 'mdast';
import { serializeText, type TextDialect } from './serialize-text.ts';
import { taskBox } from './render-whatsapp.ts';

/**
 * Telegram Bot API `parse_mode: HTML`: `<b> <i> <s> <code> <pre> <a href>
 * <blockquote>`; `&`, `<`, `>` are entity-escaped everywhere else.
 * Telegram has no list or heading markup, so lists use `• ` / `1. ` and
 * headings become bold lines. https://core.telegram.org/bots/api#html-style
 *
 * Chatwoot's Telegram channel converts markdown itself (see
 * CHATWOOT-DELIVERY.md); this dialect is for sending to the Bot API directly.
 */
export const telegramHtmlDialect: TextDialect = {
  text: escapeTelegramHtml,
  strong: (inner) => `<b>${inner}</b>`,
  emphasis: (inner) => `<i>${inner}</i>`,
  delete: (inner) => `<s>${inner}</s>`,
  inlineCode: (value) => `<code>${escapeTelegramHtml(value)}</code>`,
  codeBlock: (value, lang) =>
    lang && /^[\w+#-]+$/.test(lang)
      ? `<pre><code class="language-${lang}">${escapeTelegramHtml(value)}</code></pre>`
      : `<pre>${escapeTelegramHtml(value)}</pre>`,
  link: (label, url, selfLabelled) =>
    selfLabelled ? label : `<a href="${escapeAttribute(url)}">${label}</a>`,
  image: (alt, url) => `<a href="${escapeAttribute(url)}">${escapeTelegramHtml(alt || url)}</a>`,
  hardBreak: '\n',
  heading: (inner) => `<b>${inner}</b>`,
  headingIsStrong: true,
  blockquote: (inner) => `<blockquote>${inner}</blockquote>`,
  listMarker: (ordered, n, checked) => `${ordered ? `${n}. ` : '• '}${taskBox(checked)}`,
  thematicBreak: '———',
  footnoteReference: (label) => `[${escapeTelegramHtml(label)}]`,
  extraSchemes: ['tg:'],
};

/** Escapes the three characters Telegram's HTML parser requires as entities. */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeTelegramHtml(text).replace(/"/g, '&quot;');
}

/** Renders markdown (as mdast) as Telegram HTML. */
export function renderTelegramHtml(root: Root): string {
  return serializeText(root, telegramHtmlDialect);
}
