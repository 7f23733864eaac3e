import type { Root } from 'mdast';
import { codeSpan } from './fence-code-span.ts';
import { quoteLines } from './quote-lines.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';
import { taskBox } from './render-whatsapp.ts';

// Characters Discord's parser treats as markup anywhere in a line. Discord
// drops a backslash before any ASCII punctuation, so escaping is lossless.
const INLINE_MARKUP = /[\\*_~`|[\]<>]/g;
// Block markers that only matter at the start of a line (`-# ` is Discord's subtext).
const LINE_START_MARKUP = /^(\s*)([#>+-]|\d+[.)])/;

/**
 * Discord markdown: `**bold**`, `*italic*`, `~~strike~~`, code, `> quote`,
 * `#` headings (levels 1-3), masked links `[text](url)`. Literal text is
 * backslash-escaped; `@everyone`/`@here` get a zero-width space and `<@id>`
 * style mentions are escaped so a reply can never ping anyone (connectors
 * should still send `allowed_mentions: { parse: [] }`).
 */
export const discordDialect: TextDialect = {
  text: escapeDiscord,
  strong: (inner) => `**${inner}**`,
  emphasis: (inner) => `*${inner}*`,
  delete: (inner) => `~~${inner}~~`,
  inlineCode: (value) => codeSpan(value),
  codeBlock: (value, lang) => `\`\`\`${safeLang(lang)}\n${value.replace(/```/g, '`\u200b``')}\n\`\`\``,
  link: (label, url, selfLabelled) =>
    selfLabelled
      ? /^https?:\/\//.test(url) && label === escapeDiscord(url)
        ? url
        : label
      : `[${label}](${linkTarget(url)})`,
  image: (alt, url) => (alt ? `[${escapeDiscord(alt)}](${linkTarget(url)})` : url),
  hardBreak: '\n',
  heading: (inner, depth) => (depth <= 3 ? `${'#'.repeat(depth)} ${inner}` : `**${inner}**`),
  headingIsStrong: (depth) => depth > 3,
  blockquote: (inner) => quoteLines(inner, '> '),
  listMarker: (ordered, n, checked) =>
    `${ordered ? `${n}. ` : '- '}${taskBox(checked).replace(/[[\]]/g, '\\$&')}`,
  thematicBreak: '———',
  footnoteReference: (label) => `\\[${escapeDiscord(label)}\\]`,
  lineStart: (line) =>
    line.replace(LINE_START_MARKUP, (_m, space: string, marker: string) => `${space}${escapeMarker(marker)}`),
};

/** Escapes Discord markup characters and neutralises mass mentions in literal text. */
export function escapeDiscord(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&').replace(/@(everyone|here)\b/g, '@\u200b$1');
}

function escapeMarker(marker: string): string {
  return /^\d/.test(marker) ? marker.replace(/[.)]$/, '\\$&') : `\\${marker}`;
}

function linkTarget(url: string): string {
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

function safeLang(lang: string | null | undefined): string {
  return lang && /^[\w+#.-]+$/.test(lang) ? lang : '';
}

/** Renders markdown (as mdast) as Discord markdown. */
export function renderDiscord(root: Root): string {
  return serializeText(root, discordDialect);
}
