import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Embedder } from './embed/embedder.ts';
import { ingestDocument, type IngestOptions, type IngestResult } from './ingest.ts';
import { listDocumentFiles } from './load/list-document-files.ts';
import type { RagStore } from './rag-store.ts';

/** Where ingested files go. */
export interface IngestPathsTarget {
  installationId: string;
  inboxId?: number;
  language?: string;
}

/** Outcome for one file: its ingest result, or the error that stopped it (other files still go on). */
export type IngestPathResult = { file: string; result: IngestResult } | { file: string; error: Error };

/**
 * Ingests files and folders (recursively): Markdown, HTML, plain text and PDF,
 * chosen by extension. Each file's source is its `file://` URL, so ingesting
 * the same tree again updates documents in place and re-embeds only changed
 * chunks. A file that fails to load is reported and skipped.
 */
export async function ingestPaths(
  store: RagStore,
  embedder: Embedder,
  paths: readonly string[],
  target: IngestPathsTarget,
  options: IngestOptions = {},
): Promise<IngestPathResult[]> {
  const results: IngestPathResult[] = [];
  for (const file of await listDocumentFiles(paths)) {
    try {
      const buffer = await readFile(file);
      const result = await ingestDocument(
        store,
        embedder,
        {
          ...target,
          source: pathToFileURL(file).href,
          buffer: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
          type: path.extname(file),
        },
        options,
      );
      results.push({ file, result });
    } catch (error) {
      results.push({ file, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  return results;
}
