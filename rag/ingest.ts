import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { BadRequestError } from '../plugin/errors.ts';
import type { KbChunkRecord, KbDocumentRecord } from '../plugin/store/store.ts';
import {
  chunkDocument,
  DEFAULT_CHUNK_OPTIONS,
  type ChunkOptions,
  type TextChunk,
} from './chunk/chunk-document.ts';
import { composeIndexText } from './chunk/compose-index-text.ts';
import { hashContent } from './chunk/hash-content.ts';
import { embedInBatches } from './embed/embed-in-batches.ts';
import type { Embedder } from './embed/embedder.ts';
import { markKnowledgeChanged } from './knowledge-revision.ts';
import { loadDocument } from './load/load-document.ts';
import type { RagStore } from './rag-store.ts';

/** One document to add to (or refresh in) an installation's knowledge base. */
export interface IngestDocumentInput {
  installationId: string;
  /** Restricts the document to one inbox; omitted = the whole installation. */
  inboxId?: number;
  /** Stable identity of the document (file URL, article URL, ...): re-ingesting the same source updates it. */
  source: string;
  /** Title; defaults to the one found in the content, then to the source's file name. */
  title?: string;
  /** Content as text, or as bytes (required for PDF). */
  text?: string;
  buffer?: Uint8Array;
  /** MIME type, file extension or format name; defaults to the source's extension, else plain text. */
  type?: string;
  language?: string;
  metadata?: Record<string, unknown>;
}

export interface IngestOptions {
  chunking?: ChunkOptions;
  /** Passages per embedding request. */
  batchSize?: number;
}

export interface IngestResult {
  documentId: string;
  status: 'created' | 'updated' | 'unchanged';
  chunks: number;
  /** Chunks whose vectors were computed now. */
  embedded: number;
  /** Chunks whose vectors were reused from stored chunks with the same content hash and embedder. */
  reused: number;
}

function typeOf(input: IngestDocumentInput): string {
  if (input.type) return input.type;
  const ext = path.extname(input.source.replace(/[?#].*$/, ''));
  return ext || 'text';
}

function titleOf(input: IngestDocumentInput, found: string | undefined): string {
  if (input.title?.trim()) return input.title.trim();
  if (found?.trim()) return found.trim();
  // URLs lose their query and fragment; `upload:C# guide.md` → `C# guide`.
  const isUrl = /^[a-z][\w+.-]*:\/\//i.test(input.source);
  const base = path.basename(
    isUrl ? input.source.replace(/[?#].*$/, '') : input.source.replace(/^[a-z][\w+.-]*:/i, ''),
  );
  return base.replace(/\.[^.]+$/, '') || input.source;
}

/**
 * Adds or updates one document: loads and chunks it, reuses the stored vector
 * of every chunk whose content hash is already embedded with this embedder
 * (anywhere in the installation), embeds only the new chunks in batches, then
 * replaces the document's chunk set. A document whose chunks, scope and
 * embedder are all unchanged is left untouched.
 */
export async function ingestDocument(
  store: RagStore,
  embedder: Embedder,
  input: IngestDocumentInput,
  options: IngestOptions = {},
): Promise<IngestResult> {
  if (input.text === undefined && input.buffer === undefined) {
    throw new BadRequestError(`document ${input.source} has neither text nor buffer`);
  }
  const { installationId } = input;
  const structured = await loadDocument(
    input.buffer !== undefined ? { buffer: input.buffer } : { text: input.text! },
    typeOf(input),
  );
  const title = titleOf(input, structured.title);
  const pieces = chunkDocument({ ...structured, title }, options.chunking ?? DEFAULT_CHUNK_OPTIONS);
  const contentHash = hashContent(
    JSON.stringify([
      title,
      input.inboxId ?? null,
      input.language ?? null,
      pieces.map((piece) => piece.contentHash),
    ]),
  );

  const existing = await store.knowledge.findDocumentBySource(installationId, input.source);
  const documentId = existing?.id ?? randomUUID();
  if (existing && existing.contentHash === contentHash) {
    const stored = await store.knowledge.listChunks(installationId, documentId);
    if (stored.length === pieces.length && stored.every((chunk) => chunk.embedderId === embedder.id)) {
      await upsert(store, existing, input, title, contentHash);
      return { documentId, status: 'unchanged', chunks: pieces.length, embedded: 0, reused: pieces.length };
    }
  }

  const hashes = [...new Set(pieces.map((piece) => piece.contentHash))];
  const known = new Map<string, Float32Array>();
  if (hashes.length) {
    for (const chunk of await store.knowledge.findChunksByHash(installationId, hashes, embedder.id)) {
      if (chunk.vector.length === embedder.dims) known.set(chunk.contentHash, chunk.vector);
    }
  }
  const missing: TextChunk[] = [];
  const queued = new Set<string>();
  for (const piece of pieces) {
    if (known.has(piece.contentHash) || queued.has(piece.contentHash)) continue;
    queued.add(piece.contentHash);
    missing.push(piece);
  }
  const vectors = await embedInBatches(embedder, missing.map(composeIndexText), options.batchSize);
  missing.forEach((piece, i) => known.set(piece.contentHash, vectors[i]!));

  const chunks: KbChunkRecord[] = pieces.map((piece) => ({
    id: `${documentId}:${piece.ordinal}`,
    documentId,
    installationId,
    inboxId: input.inboxId,
    language: input.language,
    ordinal: piece.ordinal,
    heading: piece.heading || undefined,
    text: piece.text,
    contentHash: piece.contentHash,
    embedderId: embedder.id,
    vector: known.get(piece.contentHash)!,
  }));
  // The document's content hash is written only once its chunks are in place, so a failure
  // in between never makes a later ingest believe stale chunks are current.
  if (existing) {
    await store.knowledge.replaceChunks(installationId, documentId, chunks);
    await upsert(store, existing, input, title, contentHash);
  } else {
    await upsert(store, { id: documentId }, input, title, contentHash);
    await store.knowledge.replaceChunks(installationId, documentId, chunks);
  }
  await markKnowledgeChanged(store.kv, installationId);
  return {
    documentId,
    status: existing ? 'updated' : 'created',
    chunks: chunks.length,
    embedded: missing.length,
    reused: chunks.length - missing.length,
  };
}

function upsert(
  store: RagStore,
  existing: Pick<KbDocumentRecord, 'id'>,
  input: IngestDocumentInput,
  title: string,
  contentHash: string,
): Promise<KbDocumentRecord> {
  return store.knowledge.upsertDocument({
    id: existing.id,
    installationId: input.installationId,
    inboxId: input.inboxId,
    source: input.source,
    title,
    contentHash,
    language: input.language,
    metadata: input.metadata ?? {},
  });
}

/** Removes a document and its chunks by id; returns false when it did not exist. */
export async function removeDocument(
  store: RagStore,
  installationId: string,
  documentId: string,
): Promise<boolean> {
  const existing = await store.knowledge.getDocument(installationId, documentId);
  if (!existing) return false;
  await store.knowledge.deleteDocument(installationId, documentId);
  await markKnowledgeChanged(store.kv, installationId);
  return true;
}

/** Removes the document ingested from `source`; returns false when there was none. */
export async function removeDocumentBySource(
  store: RagStore,
  installationId: string,
  source: string,
): Promise<boolean> {
  const existing = await store.knowledge.findDocumentBySource(installationId, source);
  return existing ? removeDocument(store, installationId, existing.id) : false;
}
