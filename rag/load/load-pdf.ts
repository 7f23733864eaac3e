import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { BadRequestError } from '../../plugin/errors.ts';
import type { StructuredDocument } from '../chunk/text-blocks.ts';
import { loadText } from './load-text.ts';

/**
 * Extracts the text layer of a PDF with unpdf (PDF.js). Each page is loaded as
 * plain text, so blank lines split paragraphs and a page break always ends one.
 * The document's Title metadata, when present, becomes the title. Scanned PDFs
 * without a text layer yield no blocks.
 */
export async function loadPdf(data: Uint8Array): Promise<StructuredDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given; pass a copy.
    pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
  } catch (error) {
    throw new BadRequestError(
      `not a readable PDF: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const { info } = await getMeta(pdf);
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
    return { title, blocks: text.flatMap((page) => loadText(page).blocks) };
  } finally {
    await pdf.destroy();
  }
}
