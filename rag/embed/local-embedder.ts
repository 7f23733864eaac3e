import type { KeyValueStore } from '../../plugin/store/store.ts';
import type { Embedder } from './embedder.ts';
import {
  DEFAULT_LOCAL_MODEL_CONFIG,
  LocalModel,
  unfittedLocalModel,
  type LocalModelConfig,
  type LocalModelState,
} from './local-model.ts';
import { loadLocalModel, readLocalModelVersion } from './persist-local-model.ts';

/** Model name at the start of every local embedder id. */
export const LOCAL_EMBEDDER_NAME = 'omniloom-local-tfidf-lsa';

/** The embedder id of a fitted state: model name, dims, and the fit's version and fingerprint. */
export function localEmbedderId(state: LocalModelState): string {
  const dims = state.config.hashedDims + (state.lsa?.rank ?? 0);
  return `${LOCAL_EMBEDDER_NAME}:${dims}d:fit-${state.version}-${state.fingerprint}`;
}

/** An embedder over a fitted local model; documents and queries are embedded the same way. */
export function createLocalEmbedder(state: LocalModelState): Embedder {
  const model = new LocalModel(state);
  return {
    id: localEmbedderId(state),
    dims: model.dims,
    async embedDocuments(texts) {
      return texts.map((text) => model.vectorize(text));
    },
    async embedQuery(text) {
      return model.vectorize(text);
    },
  };
}

/** The installation's saved local embedder, or an unfitted one (plain hashed term frequencies) before the first fit. */
export async function loadLocalEmbedder(
  kv: KeyValueStore,
  installationId: string,
  config: LocalModelConfig = DEFAULT_LOCAL_MODEL_CONFIG,
): Promise<Embedder> {
  return createLocalEmbedder((await loadLocalModel(kv, installationId)) ?? unfittedLocalModel(config));
}

/**
 * Resolves each installation's local embedder, caching the deserialised model
 * and reloading it only when its version marker in the store changes (a refit
 * in this or another process).
 */
export function createLocalEmbedderProvider(
  kv: KeyValueStore,
  config: LocalModelConfig = DEFAULT_LOCAL_MODEL_CONFIG,
): (installationId: string) => Promise<Embedder> {
  const cache = new Map<string, { version: string; embedder: Embedder }>();
  return async (installationId) => {
    const version = (await readLocalModelVersion(kv, installationId)) ?? 'unfitted';
    const cached = cache.get(installationId);
    if (cached && cached.version === version) return cached.embedder;
    const embedder = await loadLocalEmbedder(kv, installationId, config);
    cache.set(installationId, { version, embedder });
    return embedder;
  };
}
