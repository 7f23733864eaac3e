import type { Root } from 'mdast';
import { quoteLines } from './quote-lines.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';
import { taskBox } from './render-whatsapp.ts';

/**
 * Slack mrkdwn. Only `&`, `<` and `>` are control characters and must be
 * entity-escaped everywhere, code included; that also keeps `<!channel>` or
 * `<@U123>` typed into a reply from becoming a mention. mrkdwn has no list or
 * heading syntax, so lists use `• ` / `1. ` and headings become bold lines.
 * https://api.slack.com/reference/surfaces/formatting#escaping
 */
export const slackDialect: TextDialect = {
  text: escapeSlack,
  strong: (inner) => `*${inner}*`,
  emphasis: (inner) => `_${inner}_`,
  delete: (inner) => `~${inner}~`,
  inlineCode: (value) => (value.includes('`') ? escapeSlack(value) : `\`${escapeSlack(value)}\``),
  codeBlock: (value) => `\`\`\`\n${escapeSlack(value.replace(/```/g, '`\u200b``'))}\n\`\`\``,
  link: (label, url, selfLabelled) =>
    selfLabelled && label === escapeSlack(url) ? `<${slackUrl(url)}>` : `<${slackUrl(url)}|${label}>`,
  image: (alt, url) => (alt ? `<${slackUrl(url)}|${escapeSlack(alt)}>` : `<${slackUrl(url)}>`),
  hardBreak: '\n',
  heading: (inner) => `*${inner}*`,
  headingIsStrong: true,
  blockquote: (inner) => quoteLines(inner, '> '),
  listMarker: (ordered, n, checked) => `${ordered ? `${n}. ` : '• '}${taskBox(checked)}`,
  thematicBreak: '———',
  footnoteReference: (label) => `[${escapeSlack(label)}]`,
};

/** Escapes Slack's three control characters. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL safe inside `<url|label>`: `|` would end the URL, `<`/`>` the link. */
function slackUrl(url: string): string {
  return url.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
}

/** Renders markdown (as mdast) as Slack mrkdwn. */
export function renderSlack(root: Root): string {
  return serializeText(root, slackDialect);
}
