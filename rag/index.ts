/** The knowledge base's public surface: ingestion, embedders, re-embedding and retrieval. */
export {
  chunkDocument,
  DEFAULT_CHUNK_OPTIONS,
  type ChunkOptions,
  type TextChunk,
} from './chunk/chunk-document.ts';
export { composeIndexText } from './chunk/compose-index-text.ts';
export type { Embedder } from './embed/embedder.ts';
export { createGeminiEmbedder, type GeminiEmbedderOptions } from './embed/gemini-embedder.ts';
export {
  createLocalEmbedder,
  createLocalEmbedderProvider,
  loadLocalEmbedder,
  LOCAL_EMBEDDER_NAME,
} from './embed/local-embedder.ts';
export { DEFAULT_LOCAL_MODEL_CONFIG, type LocalModelConfig } from './embed/local-model.ts';
export {
  helpCenterSource,
  importHelpCenterArticles,
  type HelpCenterArticle,
  type HelpCenterImportResult,
  type HelpCenterImportTarget,
} from './import-help-center.ts';
export {
  ingestDocument,
  removeDocument,
  removeDocumentBySource,
  type IngestDocumentInput,
  type IngestOptions,
  type IngestResult,
} from './ingest.ts';
export { ingestPaths, type IngestPathResult, type IngestPathsTarget } from './ingest-paths.ts';
export { markKnowledgeChanged, readKnowledgeRevision } from './knowledge-revision.ts';
export { loadDocument, resolveFormat, type DocumentFormat } from './load/load-document.ts';
export type { RagStore } from './rag-store.ts';
export { reembedChunks, type ReembedResult } from './reembed.ts';
export {
  refreshLocalEmbedder,
  type RefreshLocalEmbedderOptions,
  type RefreshLocalEmbedderResult,
} from './refresh-local-embedder.ts';
export {
  createRetriever,
  DEFAULT_FUSION_PARAMS,
  type FusionParams,
  type RetrievalMode,
  type RetrievedChunk,
  type Retriever,
  type RetrieverOptions,
  type RetrieveOptions,
} from './retrieve/create-retriever.ts';
