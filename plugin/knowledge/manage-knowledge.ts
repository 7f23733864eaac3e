import path from 'node:path';
import {
  importHelpCenterArticles,
  type HelpCenterArticle,
  type HelpCenterImportResult,
  type HelpCenterImportTarget,
} from '../../rag/import-help-center.ts';
import { ingestDocument, removeDocument, type IngestDocumentInput, type IngestResult } from '../../rag/ingest.ts';
import { resolveFormat } from '../../rag/load/load-document.ts';
import { ingestPaths, type IngestPathResult } from '../../rag/ingest-paths.ts';
import { refreshLocalEmbedder } from '../../rag/refresh-local-embedder.ts';
import type { Embedder } from '../../rag/embed/embedder.ts';
import { knowledgeEmbedder } from '../bot/knowledge/create-knowledge-retriever.ts';
import type { Config } from '../config/config.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { KbDocumentRecord, Store } from '../store/store.ts';

export interface KnowledgeDeps {
  store: Store;
  gemini: Config['gemini'];
}

/** The embedder documents of this installation are ingested with: the same one the AI agent searches with. */
async function embedderFor(deps: KnowledgeDeps, installationId: string): Promise<Embedder> {
  const embedder = knowledgeEmbedder(deps.gemini, deps.store);
  return typeof embedder === 'function' ? embedder(installationId) : embedder;
}

/**
 * After a batch of changes the offline model is refitted on the knowledge base when it drifted, and
 * chunks are re-embedded into the new space; with Gemini nothing needs refitting.
 */
async function settleEmbeddings(deps: KnowledgeDeps, installationId: string): Promise<void> {
  if (!deps.gemini.apiKey) await refreshLocalEmbedder(deps.store, installationId);
}

/** Ingests files and folders (Markdown, HTML, text, PDF); unchanged chunks are never re-embedded. */
export async function addKnowledgePaths(
  deps: KnowledgeDeps,
  installationId: string,
  paths: string[],
  scope: { inboxId?: number; language?: string } = {},
): Promise<IngestPathResult[]> {
  await requireInstallation(deps, installationId);
  const results = await ingestPaths(deps.store, await embedderFor(deps, installationId), paths, { installationId, ...scope });
  await settleEmbeddings(deps, installationId);
  return results;
}

/** Ingests one uploaded document (admin page or API). */
export async function addKnowledgeDocument(
  deps: KnowledgeDeps,
  input: IngestDocumentInput,
): Promise<IngestResult> {
  await requireInstallation(deps, input.installationId);
  const result = await ingestDocument(deps.store, await embedderFor(deps, input.installationId), input);
  await settleEmbeddings(deps, input.installationId);
  return result;
}

/**
 * Syncs one Help Center portal into the knowledge base. `articles` must be the
 * portal's complete list: documents of articles missing from it are removed.
 */
export async function importHelpCenterKnowledge(
  deps: KnowledgeDeps,
  target: HelpCenterImportTarget,
  articles: readonly HelpCenterArticle[],
): Promise<HelpCenterImportResult> {
  await requireInstallation(deps, target.installationId);
  const result = await importHelpCenterArticles(deps.store, await embedderFor(deps, target.installationId), target, articles);
  await settleEmbeddings(deps, target.installationId);
  return result;
}

/** A file sent through the admin page or the API. */
export interface UploadedKnowledgeFile {
  /** The file's name on the uploader's machine; it names the document, so uploading it again updates it. */
  name: string;
  bytes: Uint8Array;
}

/** Outcome per uploaded file: its ingest result, or why it was refused (other files still go in). */
export type UploadResult = { file: string; result: IngestResult } | { file: string; error: Error };

/** The document source of an uploaded file. */
export function uploadSource(fileName: string): string {
  return `upload:${fileName}`;
}

/**
 * Ingests uploaded files (Markdown, HTML, text, PDF by extension) with one
 * embedder, then settles the embeddings once for the whole batch.
 */
export async function addKnowledgeUploads(
  deps: KnowledgeDeps,
  installationId: string,
  files: readonly UploadedKnowledgeFile[],
  scope: { inboxId?: number; language?: string } = {},
): Promise<UploadResult[]> {
  await requireInstallation(deps, installationId);
  const embedder = await embedderFor(deps, installationId);
  const results: UploadResult[] = [];
  for (const file of files) {
    try {
      const extension = path.extname(file.name);
      if (!resolveFormat(extension))
        throw new BadRequestError(`${file.name} is not Markdown, HTML, text or PDF (by its extension).`, 415, 'unsupported_media_type');
      const result = await ingestDocument(deps.store, embedder, {
        installationId,
        ...scope,
        source: uploadSource(file.name),
        buffer: file.bytes,
        type: extension,
      });
      results.push({ file: file.name, result });
    } catch (error) {
      results.push({ file: file.name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  if (results.some((entry) => 'result' in entry)) await settleEmbeddings(deps, installationId);
  return results;
}

export async function listKnowledge(deps: KnowledgeDeps, installationId: string): Promise<Array<KbDocumentRecord & { chunks: number }>> {
  const documents = await deps.store.knowledge.listDocuments(installationId);
  return Promise.all(
    documents.map(async (document) => ({ ...document, chunks: (await deps.store.knowledge.listChunks(installationId, document.id)).length })),
  );
}

export async function removeKnowledge(deps: KnowledgeDeps, installationId: string, documentId: string): Promise<void> {
  if (!(await deps.store.knowledge.getDocument(installationId, documentId))) throw new NotFoundError(`No document ${documentId}.`);
  await removeDocument(deps.store, installationId, documentId);
  await settleEmbeddings(deps, installationId);
}

async function requireInstallation(deps: KnowledgeDeps, installationId: string): Promise<void> {
  if (!(await deps.store.installations.get(installationId))) throw new NotFoundError(`No installation ${installationId}.`);
}
