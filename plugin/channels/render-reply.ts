import type { Root } from 'mdast';
import type { RenderedReply, RenderOptions } from './profile-types.ts';
import { parseMarkdown } from './render/parse-markdown.ts';
import { renderDialect, type ReplyFormat } from './render/render-dialect.ts';
import { renderEmailHtml } from './render/render-email-html.ts';
import { renderPlainText } from './render/render-plain-text.ts';
import { countSmsSegments, smsEllipsis } from './split/count-sms-segments.ts';
import { measureText, type LengthUnit } from './split/measure-text.ts';
import { splitRenderedText, splitTree, takeFittingPrefix } from './split/split-tree.ts';

/** Chatwoot rejects message `content` longer than this (`Message` validation). */
export const CHATWOOT_CONTENT_MAX = 150_000;

/** Everything `renderReply` needs to know about a channel. */
export interface ReplySpec {
  format: ReplyFormat;
  textLimit: number;
  lengthUnit: LengthUnit;
  delivery: 'chatwoot' | 'bridge';
  /** SMS: cap on segments per reply. */
  smsMaxSegments?: number;
  /** Email: also produce the HTML body and plain-text alternative. */
  email?: boolean;
  /** Overrides `lengthUnit` when what the channel receives is longer than what is posted. */
  measure?: (text: string) => number;
  locale?: string;
}

/** Parses `markdown`, renders it in the channel's dialect and splits it into parts within the channel's limits. */
export function renderReply(markdown: string, spec: ReplySpec, options: RenderOptions = {}): RenderedReply {
  const root = parseMarkdown(markdown);
  const render = (tree: Root): string => renderDialect(spec.format, tree);
  let limit = Math.min(spec.textLimit, options.limit ?? Infinity);
  if (spec.delivery === 'chatwoot') limit = Math.min(limit, CHATWOOT_CONTENT_MAX);
  const measure = spec.measure ?? ((text: string) => measureText(text, spec.lengthUnit));
  const fitsLimit = (reserve: number) => (text: string) => measure(text) + reserve <= limit;

  const reply: RenderedReply =
    spec.smsMaxSegments === undefined
      ? {
          format: spec.format,
          parts: splitTree(root, { render, fits: fitsLimit(0), locale: spec.locale }),
          truncated: false,
        }
      : renderCappedSms(root, render, fitsLimit, spec);
  if (spec.email) {
    reply.html = renderEmailHtml(root);
    reply.text = renderPlainText(root);
  }
  return reply;
}

/**
 * SMS: split at the per-request limit, then keep the whole reply within the
 * segment cap, trimming at a word boundary and ending with an ellipsis.
 * Segments are counted on what is posted, which for markdown overestimates
 * what the carrier sends (markup is removed on delivery), never underestimates.
 */
function renderCappedSms(
  root: Root,
  render: (tree: Root) => string,
  fitsLimit: (reserve: number) => (text: string) => boolean,
  spec: ReplySpec,
): RenderedReply {
  const cap = Math.max(1, spec.smsMaxSegments ?? 6);
  const total = (parts: readonly string[]) =>
    parts.reduce((sum, part) => sum + countSmsSegments(part).segments, 0);
  const whole = splitTree(root, { render, fits: fitsLimit(0), locale: spec.locale });
  if (total(whole) <= cap)
    return { format: spec.format, parts: whole, smsSegments: total(whole), truncated: false };

  // Part boundaries can waste a segment each, so tighten the budget until the split result fits.
  for (let budget = cap; budget >= 1; budget--) {
    const prefix = takeFittingPrefix(root, {
      render,
      fits: (text) => countSmsSegments(text + smsEllipsis(text)).segments <= budget,
      locale: spec.locale,
    });
    if (!prefix) break;
    const parts = splitTree(prefix.head, { render, fits: fitsLimit(3), locale: spec.locale });
    const last = parts.pop();
    if (last === undefined) break;
    const ellipsis = smsEllipsis(parts.join('') + last);
    parts.push(last.endsWith('```') ? `${last}\n${ellipsis}` : `${last}${ellipsis}`);
    if (total(parts) <= cap)
      return { format: spec.format, parts, smsSegments: total(parts), truncated: true };
  }
  // The first block has no structure left to cut (e.g. one huge table row): trim its text instead.
  const [head = ''] = splitRenderedText(
    whole.join('\n\n'),
    (text) => countSmsSegments(text + smsEllipsis(text)).segments <= cap,
    spec.locale,
  );
  const parts = head ? [`${head}${smsEllipsis(head)}`] : [];
  return { format: spec.format, parts, smsSegments: total(parts), truncated: true };
}
