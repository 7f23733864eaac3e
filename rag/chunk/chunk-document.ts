import { composeIndexText } from './compose-index-text.ts';
import { estimateTokens } from './estimate-tokens.ts';
import { hashContent } from './hash-content.ts';
import { splitToBudget } from './split-to-budget.ts';
import type { StructuredDocument } from './text-blocks.ts';

/** Size budget of a chunk, in approximate tokens (see estimateTokens). */
export interface ChunkOptions {
  maxTokens: number;
  /** Trailing context repeated at the start of the next chunk of the same section. */
  overlapTokens: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 300, overlapTokens: 40 };

/** One retrieval unit cut from a document. */
export interface TextChunk {
  ordinal: number;
  /** Title and headings above the chunk, outermost first. */
  headingPath: string[];
  /** `headingPath` joined with " > " (empty when there is none). */
  heading: string;
  text: string;
  tokens: number;
  /** sha256 of the normalised index text (heading path + body). */
  contentHash: string;
}

interface Section {
  path: string[];
  texts: string[];
}

function sectionsOf(doc: StructuredDocument): Section[] {
  const title = doc.title?.trim();
  const stack: Array<{ depth: number; text: string }> = [];
  const sections: Section[] = [];
  let current: Section = { path: title ? [title] : [], texts: [] };
  sections.push(current);
  for (const block of doc.blocks) {
    if (block.kind === 'heading') {
      const text = block.text.trim();
      if (!text) continue;
      while (stack.length && stack[stack.length - 1]!.depth >= block.depth) stack.pop();
      stack.push({ depth: block.depth, text });
      const headings = stack.map((entry) => entry.text);
      // A leading "# Title" that repeats the document title is not a second level.
      const path = title && headings[0] === title ? headings : title ? [title, ...headings] : headings;
      current = { path, texts: [] };
      sections.push(current);
    } else if (block.text.trim()) {
      current.texts.push(block.text.trim());
    }
  }
  return sections.filter((section) => section.texts.length > 0);
}

/** The last words of `text` worth at most `budget` tokens, starting at a sentence start when one is in reach. */
function overlapTail(text: string, budget: number): string {
  if (budget <= 0) return '';
  const words = text.split(/\s+/).filter(Boolean);
  let start = words.length;
  while (start > 0 && estimateTokens(words.slice(start - 1).join(' ')) <= budget) start--;
  if (start >= words.length) return '';
  for (let i = start; i < words.length; i++) {
    if (i > 0 && /[.!?…]$/.test(words[i - 1]!)) return words.slice(i).join(' ');
  }
  return words.slice(start).join(' ');
}

/**
 * Cuts a structured document into chunks: never across a heading, at block
 * boundaries where possible (lines, sentences, words only when a block alone
 * exceeds the budget), packing small blocks together up to `maxTokens`, and
 * repeating up to `overlapTokens` of trailing text when a section continues in
 * a new chunk.
 */
export function chunkDocument(
  doc: StructuredDocument,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): TextChunk[] {
  const maxTokens = Math.max(8, options.maxTokens);
  const overlapTokens = Math.min(Math.max(0, options.overlapTokens), Math.floor(maxTokens / 2));
  const chunks: TextChunk[] = [];
  const emit = (path: string[], text: string): void => {
    const heading = path.join(' > ');
    chunks.push({
      ordinal: chunks.length,
      headingPath: path,
      heading,
      text,
      tokens: estimateTokens(text),
      contentHash: hashContent(composeIndexText({ heading, text })),
    });
  };
  for (const section of sectionsOf(doc)) {
    // Blocks over budget are cut a little smaller so the overlap still fits in front of each piece.
    const pieces = section.texts.flatMap((text) =>
      estimateTokens(text) <= maxTokens ? [text] : splitToBudget(text, maxTokens - overlapTokens),
    );
    let current = '';
    let previous = '';
    for (const piece of pieces) {
      const joined = current ? `${current}\n\n${piece}` : piece;
      if (current && estimateTokens(joined) > maxTokens) {
        emit(section.path, current);
        previous = current;
        current = '';
      }
      if (!current) {
        const tail = previous ? overlapTail(previous, overlapTokens) : '';
        current = tail && estimateTokens(`${tail} ${piece}`) <= maxTokens ? `${tail}\n\n${piece}` : piece;
      } else {
        current = joined;
      }
    }
    if (current) emit(section.path, current);
  }
  return chunks;
}
