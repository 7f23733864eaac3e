import type { KbChunkRecord } from '../plugin/store/store.ts';
import { composeIndexText } from './chunk/compose-index-text.ts';
import { embedInBatches } from './embed/embed-in-batches.ts';
import type { Embedder } from './embed/embedder.ts';
import { markKnowledgeChanged } from './knowledge-revision.ts';
import type { RagStore } from './rag-store.ts';

export interface ReembedResult {
  documents: number;
  chunks: number;
  /** Chunks that got a new vector. */
  reembedded: number;
}

/**
 * Brings every chunk of an installation into `embedder`'s vector space: chunks
 * whose embedderId differs are embedded again (reusing a vector already
 * computed for the same content hash), one document at a time so memory stays
 * bounded. Safe to run repeatedly and to resume after a crash: finished
 * documents are skipped. Suitable as a queue job after a model change or refit.
 */
export async function reembedChunks(
  store: RagStore,
  embedder: Embedder,
  installationId: string,
  options: { batchSize?: number } = {},
): Promise<ReembedResult> {
  const result: ReembedResult = { documents: 0, chunks: 0, reembedded: 0 };
  for (const document of await store.knowledge.listDocuments(installationId)) {
    const chunks = await store.knowledge.listChunks(installationId, document.id);
    result.documents++;
    result.chunks += chunks.length;
    const stale = chunks.filter(
      (chunk) => chunk.embedderId !== embedder.id || chunk.vector.length !== embedder.dims,
    );
    if (!stale.length) continue;
    const known = new Map<string, Float32Array>();
    const reusable = await store.knowledge.findChunksByHash(
      installationId,
      [...new Set(stale.map((chunk) => chunk.contentHash))],
      embedder.id,
    );
    for (const chunk of reusable)
      if (chunk.vector.length === embedder.dims) known.set(chunk.contentHash, chunk.vector);
    const toEmbed = [
      ...new Map(stale.filter((c) => !known.has(c.contentHash)).map((c) => [c.contentHash, c])).values(),
    ];
    const vectors = await embedInBatches(embedder, toEmbed.map(composeIndexText), options.batchSize);
    toEmbed.forEach((chunk, i) => known.set(chunk.contentHash, vectors[i]!));
    const updated: KbChunkRecord[] = chunks.map((chunk) =>
      chunk.embedderId === embedder.id && chunk.vector.length === embedder.dims
        ? chunk
        : { ...chunk, embedderId: embedder.id, vector: known.get(chunk.contentHash)! },
    );
    await store.knowledge.replaceChunks(installationId, document.id, updated);
    result.reembedded += stale.length;
  }
  if (result.reembedded) await markKnowledgeChanged(store.kv, installationId);
  return result;
}
