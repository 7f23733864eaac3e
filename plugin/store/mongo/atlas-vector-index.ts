/**
 * The Atlas Vector Search index the MongoDB store queries. Its definition is
 * published in manifests/atlas-vector-index.json for operators (create it in
 * Atlas with the embedder's dimensions); a test keeps the two in sync.
 */
export const ATLAS_VECTOR_INDEX_NAME = 'omniloom_kb_vectors';

/** Collection holding knowledge-base chunks (the index lives on it). */
export const KB_CHUNKS_COLLECTION = 'kb_chunks';

/** Fields the index must declare as `filter` so `$vectorSearch` can pre-filter on them. */
export const ATLAS_FILTER_FIELDS = ['installationId', 'embedderId', 'inboxId', 'language'] as const;
