import type { Root } from 'mdast';
import { codeSpan } from './fence-code-span.ts';
import { quoteLines } from './quote-lines.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';

// Characters HTML-escaped by Chatwoot before markdown parsing; inside a code span
// their entities would show literally, and a backslash before them would break the entity.
const HTML_ESCAPED = /[&<>"']/;
// Markdown syntax that is live anywhere in Chatwoot's single-line input.
const INLINE_MARKUP = /[\\`*_[\]]/g;
// Block syntax can only start at the very beginning of the message (see below).
const MESSAGE_START_MARKUP = /^([#+=~-]|\d{1,9}[.)])/;

/**
 * Markdown shaped for Chatwoot's own Telegram conversion at the pinned commit
 * (`Channel::Telegram#convert_markdown_to_telegram_html`): Chatwoot replaces
 * every `\n` with `<br>`, HTML-escapes the text, runs CommonMark (no GFM), keeps
 * only `b strong i em u ins s strike del a code pre blockquote` and turns the
 * escaped `<br>` back into newlines.
 *
 * Consequences this dialect works around:
 * - The whole message is one CommonMark line, so only inline markup survives:
 *   lists, quotes and headings are written as literal text (`• `, `> `, bold).
 * - A code span containing `& < > " '` would show their entities, and fenced
 *   code blocks arrive garbled; code is sent as one code span per line, and
 *   code containing those characters as plain (escaped) text.
 * - No strikethrough extension: `~~x~~` would arrive literally, so strike is dropped.
 * - A literal `<br>` in the text would become a newline; a zero-width space keeps it text.
 */
export const chatwootTelegramDialect: TextDialect = {
  text: escapeForChatwootTelegram,
  strong: (inner) => `**${inner}**`,
  emphasis: (inner) => `*${inner}*`,
  delete: (inner) => inner,
  inlineCode: (value) => (HTML_ESCAPED.test(value) ? escapeForChatwootTelegram(value) : codeSpan(value)),
  codeBlock: (value) =>
    value
      .split('\n')
      .map((line) => (line === '' ? '' : chatwootTelegramDialect.inlineCode(line)))
      .join('\n'),
  link: (label, url, selfLabelled) =>
    selfLabelled ? label : `[${label}](${url.replace(/[\\()]/g, '\\$&').replace(/ /g, '%20')})`,
  image: (alt, url) => (alt ? `${escapeForChatwootTelegram(alt)} (${escapeForChatwootTelegram(url)})` : url),
  hardBreak: '\n',
  heading: (inner) => `**${inner}**`,
  headingIsStrong: true,
  blockquote: (inner) => quoteLines(inner, '> '),
  listMarker: (ordered, n, checked) =>
    `${ordered ? `${n}. ` : '• '}${checked === true ? '\\[x\\] ' : checked === false ? '\\[ \\] ' : ''}`,
  thematicBreak: '———',
  footnoteReference: (label) => `\\[${escapeForChatwootTelegram(label)}\\]`,
  extraSchemes: ['tg:'],
  finalize: (text) => text.trimStart().replace(MESSAGE_START_MARKUP, escapeMessageStart),
};

/** Escapes literal text so Chatwoot's pinned Telegram conversion shows it unchanged. */
export function escapeForChatwootTelegram(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&').replace(/<br>/g, '<\u200bbr>');
}

function escapeMessageStart(marker: string): string {
  return /^\d/.test(marker) ? marker.replace(/[.)]$/, '\\$&') : `\\${marker}`;
}

/** Renders markdown (as mdast) for posting to a Chatwoot Telegram inbox at the pinned Chatwoot version. */
export function renderChatwootTelegram(root: Root): string {
  return serializeText(root, chatwootTelegramDialect);
}
