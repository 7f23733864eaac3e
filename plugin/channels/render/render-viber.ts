import type { Root } from 'mdast';
import { plainTextDialect } from './render-plain-text.ts';
import { serializeText, type TextDialect } from './serialize-text.ts';

/**
 * Viber: plain text in which Viber itself renders `*bold*`, `_italic_`,
 * `~strike~` and ```` ```monospace``` ````. There is no inline-code or quote
 * syntax, so inline code uses the monospace fence and quotes stay `> ` text.
 */
export const viberDialect: TextDialect = {
  ...plainTextDialect,
  strong: (inner) => `*${inner}*`,
  emphasis: (inner) => `_${inner}_`,
  delete: (inner) => `~${inner}~`,
  inlineCode: (value) => (value.includes('```') ? value : `\`\`\`${value}\`\`\``),
  codeBlock: (value) => (value.includes('```') ? value : `\`\`\`${value}\`\`\``),
  heading: (inner) => `*${inner}*`,
  headingIsStrong: true,
  thematicBreak: '———',
};

/** Renders markdown (as mdast) for Viber. */
export function renderViber(root: Root): string {
  return serializeText(root, viberDialect);
}
