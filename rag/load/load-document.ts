import { BadRequestError } from '../../plugin/errors.ts';
import type { StructuredDocument } from '../chunk/text-blocks.ts';
import { loadHtml } from './load-html.ts';
import { loadMarkdown } from './load-markdown.ts';
import { loadPdf } from './load-pdf.ts';
import { loadText } from './load-text.ts';

/** Formats the knowledge base can read. */
export type DocumentFormat = 'markdown' | 'html' | 'text' | 'pdf';

const BY_NAME: Record<string, DocumentFormat> = {
  markdown: 'markdown',
  md: 'markdown',
  mdx: 'markdown',
  'text/markdown': 'markdown',
  html: 'html',
  htm: 'html',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  text: 'text',
  txt: 'text',
  'text/plain': 'text',
  pdf: 'pdf',
  'application/pdf': 'pdf',
};

/** The format for a MIME type, a file extension (with or without dot) or a format name; undefined if unsupported. */
export function resolveFormat(type: string): DocumentFormat | undefined {
  const key = type.toLowerCase().split(';')[0]!.trim().replace(/^\./, '');
  return BY_NAME[key];
}

/** Content to load: text for the text formats, bytes for any (decoded as UTF-8 when textual). */
export type DocumentContent = { text: string } | { buffer: Uint8Array };

/** Loads content of a given type (MIME, extension or format name) into structure. */
export async function loadDocument(content: DocumentContent, type: string): Promise<StructuredDocument> {
  const format = resolveFormat(type);
  if (!format)
    throw new BadRequestError(
      `unsupported document type "${type}" (use markdown, html, text or pdf)`,
      415,
      'unsupported_media_type',
    );
  if (format === 'pdf') {
    if (!('buffer' in content)) throw new BadRequestError('a PDF must be given as bytes (buffer), not text');
    return loadPdf(content.buffer);
  }
  const text = 'text' in content ? content.text : new TextDecoder('utf-8').decode(content.buffer);
  if (format === 'markdown') return loadMarkdown(text);
  if (format === 'html') return loadHtml(text);
  return loadText(text);
}
