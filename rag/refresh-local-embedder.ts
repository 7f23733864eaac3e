import { createHash } from 'node:crypto';
import { composeIndexText } from './chunk/compose-index-text.ts';
import type { Embedder } from './embed/embedder.ts';
import { createLocalEmbedder } from './embed/local-embedder.ts';
import {
  DEFAULT_LOCAL_MODEL_CONFIG,
  fitLocalModel,
  unfittedLocalModel,
  type LocalModelConfig,
  type LocalModelState,
} from './embed/local-model.ts';
import { loadLocalModel, saveLocalModel } from './embed/persist-local-model.ts';
import type { RagStore } from './rag-store.ts';
import { reembedChunks } from './reembed.ts';

export interface RefreshLocalEmbedderOptions {
  config?: LocalModelConfig;
  /** Refit even when the knowledge base barely changed. */
  force?: boolean;
  /** Share of chunks added or removed since the last fit above which the model is refitted (default 0.2). */
  minDrift?: number;
  batchSize?: number;
  now?: () => Date;
}

export interface RefreshLocalEmbedderResult {
  embedder: Embedder;
  refitted: boolean;
  /** Share of chunks added or removed since the last fit (1 before the first fit). */
  drift: number;
  reembedded: number;
}

/** Symmetric difference of two sorted 32-bit hash prefix lists, over the larger size. */
function driftBetween(fitted: Uint32Array, current: Uint32Array): number {
  const size = Math.max(fitted.length, current.length);
  if (!size) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < fitted.length && j < current.length) {
    if (fitted[i] === current[j]) {
      common++;
      i++;
      j++;
    } else if (fitted[i]! < current[j]!) i++;
    else j++;
  }
  return (fitted.length + current.length - 2 * common) / size;
}

/**
 * Keeps an installation's local embedder in step with its knowledge base.
 *
 * The idf table and LSA projection are learned from the installation's own
 * chunks. When chunks drifted past `minDrift` since the last fit (or the
 * config changed, or `force`), the model is refitted, saved with a new
 * version — which changes the embedder id — and every chunk is re-embedded in
 * the new space, so vectors of two fits are never compared. Call it after a
 * bulk ingest, or periodically from a queue job.
 */
export async function refreshLocalEmbedder(
  store: RagStore,
  installationId: string,
  options: RefreshLocalEmbedderOptions = {},
): Promise<RefreshLocalEmbedderResult> {
  const config = options.config ?? DEFAULT_LOCAL_MODEL_CONFIG;
  const saved = await loadLocalModel(store.kv, installationId);
  let state: LocalModelState = saved ?? unfittedLocalModel(config);
  const chunks = await store.knowledge.listChunks(installationId);
  const hashes = chunks.map((chunk) => chunk.contentHash);
  const current = Uint32Array.from(hashes, (hash) => parseInt(hash.slice(0, 8), 16)).sort();
  const drift = saved ? driftBetween(saved.fittedHashes, current) : 1;
  const configChanged = JSON.stringify(state.config) !== JSON.stringify(config);
  const refit =
    chunks.length > 0 && (options.force || configChanged || !saved || drift > (options.minDrift ?? 0.2));
  if (refit) {
    const fittedAt = (options.now?.() ?? new Date()).toISOString();
    const fingerprint = createHash('sha256')
      .update(`${installationId}\n${fittedAt}\n${hashes.join('\n')}`)
      .digest('hex')
      .slice(0, 8);
    state = fitLocalModel(chunks.map(composeIndexText), config, {
      version: state.version + 1,
      fittedAt,
      fingerprint,
      contentHashes: hashes,
    });
    await saveLocalModel(store.kv, installationId, state);
  }
  const embedder = createLocalEmbedder(state);
  const { reembedded } = await reembedChunks(store, embedder, installationId, {
    batchSize: options.batchSize,
  });
  return { embedder, refitted: refit, drift, reembedded };
}
