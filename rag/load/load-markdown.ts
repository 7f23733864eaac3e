import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { StructuredDocument } from '../chunk/text-blocks.ts';
import { mdastToBlocks } from './mdast-to-blocks.ts';

const parser = unified().use(remarkParse).use(remarkGfm);

/** Parses Markdown (with GitHub extensions: tables, task lists, strikethrough) into blocks. */
export function loadMarkdown(markdown: string): StructuredDocument {
  const blocks = mdastToBlocks(parser.parse(markdown));
  const first = blocks[0];
  return { title: first?.kind === 'heading' && first.depth === 1 ? first.text : undefined, blocks };
}
