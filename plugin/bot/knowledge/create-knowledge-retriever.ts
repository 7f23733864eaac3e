import { createGeminiEmbedder } from '../../../rag/embed/gemini-embedder.ts';
import type { Embedder } from '../../../rag/embed/embedder.ts';
import { createLocalEmbedderProvider } from '../../../rag/embed/local-embedder.ts';
import type { RagStore } from '../../../rag/rag-store.ts';
import { createRetriever, type Retriever } from '../../../rag/retrieve/create-retriever.ts';
import type { Config } from '../../config/config.ts';

/**
 * The embedder the knowledge base is searched (and must be ingested) with:
 * Gemini when GEMINI_API_KEY is set, else each installation's local model.
 * Ingestion paths should use the same function so both sides share one
 * vector space (vectors of other embedders are ignored by vector search).
 */
export function knowledgeEmbedder(
  gemini: Config['gemini'],
  store: RagStore,
): Embedder | ((installationId: string) => Promise<Embedder>) {
  if (gemini.apiKey) {
    return createGeminiEmbedder({
      apiKey: gemini.apiKey,
      model: gemini.embeddingModel,
      outputDimensionality: gemini.embeddingDimensions,
      ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
      // A customer is waiting on the query embedding: fail over to keyword search rather than wait a minute.
      maxRetries: 2,
      timeoutMs: 10_000,
      maxDelayMs: 4_000,
    });
  }
  return createLocalEmbedderProvider(store.kv);
}

/** The hybrid retriever the AI agent searches with. */
export function createKnowledgeRetriever(gemini: Config['gemini'], store: RagStore): Retriever {
  return createRetriever({ store, embedder: knowledgeEmbedder(gemini, store) });
}
