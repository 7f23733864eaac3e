import type { SourceChunk } from '../generate/answer-generator.ts';
import { customerMessages } from './customer-messages.ts';

/** Escapes text for a Markdown link label or plain run. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\[\]*_`])/g, '\\$1');
}

/**
 * The "Sources: …" line under an answer: one entry per document, linked when
 * the document has a web address. Empty when no source was used.
 */
export function formatSourcesLine(
  sources: readonly Pick<SourceChunk, 'documentId' | 'title' | 'url'>[],
  language: string,
): string {
  const texts = customerMessages(language);
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const source of sources) {
    if (seen.has(source.documentId)) continue;
    seen.add(source.documentId);
    const title = escapeMarkdown(source.title.trim() || texts.untitledSource);
    entries.push(source.url ? `[${title}](${source.url.replace(/\)/g, '%29')})` : title);
  }
  if (!entries.length) return '';
  return `${texts.sources}: ${entries.join(', ')}`;
}

/** The answer as the customer receives it: the Markdown answer plus its sources line. */
export function composeReply(
  answer: string,
  sources: readonly Pick<SourceChunk, 'documentId' | 'title' | 'url'>[],
  language: string,
): string {
  const line = formatSourcesLine(sources, language);
  return line ? `${answer.trim()}\n\n${line}` : answer.trim();
}
