import type { Root } from 'mdast';
import { serializeText, type TextDialect } from './serialize-text.ts';

// Every character MarkdownV2 reserves outside entities, plus the backslash itself.
// https://core.telegram.org/bots/api#markdownv2-style
const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/**
 * Telegram Bot API `parse_mode: MarkdownV2`. Outside entities every reserved
 * character is backslash-escaped; inside `code`/`pre` only `` ` `` and `\`;
 * inside a link's `(...)` only `)` and `\`.
 */
export const telegramMarkdownV2Dialect: TextDialect = {
  text: escapeMarkdownV2,
  strong: (inner) => `*${inner}*`,
  emphasis: (inner) => `_${inner}_`,
  delete: (inner) => `~${inner}~`,
  inlineCode: (value) => `\`${escapeCode(value)}\``,
  codeBlock: (value, lang) =>
    `\`\`\`${lang && /^[\w+#-]+$/.test(lang) ? lang : ''}\n${escapeCode(value)}\n\`\`\``,
  link: (label, url, selfLabelled) => (selfLabelled ? label : `[${label}](${escapeLinkUrl(url)})`),
  image: (alt, url) => `[${escapeMarkdownV2(alt || url)}](${escapeLinkUrl(url)})`,
  hardBreak: '\n',
  heading: (inner) => `*${inner}*`,
  headingIsStrong: true,
  blockquote: (inner) =>
    inner
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n'),
  listMarker: (ordered, n, checked) =>
    `${ordered ? `${n}\\. ` : '• '}${checked === true ? '\\[x\\] ' : checked === false ? '\\[ \\] ' : ''}`,
  thematicBreak: '———',
  footnoteReference: (label) => `\\[${escapeMarkdownV2(label)}\\]`,
  extraSchemes: ['tg:'],
};

/** Escapes text outside any MarkdownV2 entity. */
export function escapeMarkdownV2(text: string): string {
  return text.replace(RESERVED, '\\$&');
}

function escapeCode(text: string): string {
  return text.replace(/[`\\]/g, '\\$&');
}

function escapeLinkUrl(url: string): string {
  return url.replace(/[)\\]/g, '\\$&');
}

/** Renders markdown (as mdast) as Telegram MarkdownV2. */
export function renderTelegramMarkdownV2(root: Root): string {
  return serializeText(root, telegramMarkdownV2Dialect);
}
