import type { KeyValueStore } from '../../plugin/store/store.ts';
import { decodeFloat32, decodeFloat64, decodeUint32, encodeTypedArray } from './encode-typed-array.ts';
import type { LocalModelConfig, LocalModelState } from './local-model.ts';

const NAMESPACE = 'rag.local-model';
/** Bumped when the persisted layout changes; older layouts are ignored (the model is refitted). */
const FORMAT = 1;

interface PersistedLocalModel {
  format: number;
  config: LocalModelConfig;
  version: number;
  fittedAt: string;
  fingerprint: string;
  tfidf: { dims: number; positions: number; docCount: number; dfKeys: string; dfValues: string };
  lsa?: {
    vocabulary: string[];
    idf: string;
    rank: number;
    components: string;
    singularValues: string;
    sigmaPower: number;
  };
  fittedHashes: string;
}

/** Short key read on every query to notice a refit without loading the whole model. */
function versionKey(installationId: string): string {
  return `${installationId}:version`;
}

/** Stores an installation's fitted local model (and its version marker) in the key/value store. */
export async function saveLocalModel(
  kv: KeyValueStore,
  installationId: string,
  state: LocalModelState,
): Promise<void> {
  const persisted: PersistedLocalModel = {
    format: FORMAT,
    config: state.config,
    version: state.version,
    fittedAt: state.fittedAt,
    fingerprint: state.fingerprint,
    tfidf: {
      dims: state.tfidf.dims,
      positions: state.tfidf.positions,
      docCount: state.tfidf.docCount,
      dfKeys: encodeTypedArray(state.tfidf.dfKeys),
      dfValues: encodeTypedArray(state.tfidf.dfValues),
    },
    lsa: state.lsa && {
      vocabulary: state.lsa.vocabulary,
      idf: encodeTypedArray(state.lsa.idf),
      rank: state.lsa.rank,
      components: encodeTypedArray(state.lsa.components),
      singularValues: encodeTypedArray(state.lsa.singularValues),
      sigmaPower: state.lsa.sigmaPower,
    },
    fittedHashes: encodeTypedArray(state.fittedHashes),
  };
  await kv.set(NAMESPACE, installationId, persisted);
  await kv.set(NAMESPACE, versionKey(installationId), `${state.version}-${state.fingerprint}`);
}

/** The version marker of an installation's saved model, or undefined when none is saved. */
export async function readLocalModelVersion(
  kv: KeyValueStore,
  installationId: string,
): Promise<string | undefined> {
  return kv.get<string>(NAMESPACE, versionKey(installationId));
}

/** Loads an installation's fitted local model, or undefined when none (or an obsolete layout) is saved. */
export async function loadLocalModel(
  kv: KeyValueStore,
  installationId: string,
): Promise<LocalModelState | undefined> {
  const saved = await kv.get<PersistedLocalModel>(NAMESPACE, installationId);
  if (!saved || saved.format !== FORMAT) return undefined;
  return {
    config: saved.config,
    version: saved.version,
    fittedAt: saved.fittedAt,
    fingerprint: saved.fingerprint,
    tfidf: {
      dims: saved.tfidf.dims,
      positions: saved.tfidf.positions,
      docCount: saved.tfidf.docCount,
      dfKeys: decodeUint32(saved.tfidf.dfKeys),
      dfValues: decodeUint32(saved.tfidf.dfValues),
    },
    lsa: saved.lsa && {
      vocabulary: saved.lsa.vocabulary,
      idf: decodeFloat32(saved.lsa.idf),
      rank: saved.lsa.rank,
      components: decodeFloat32(saved.lsa.components),
      singularValues: decodeFloat64(saved.lsa.singularValues),
      sigmaPower: saved.lsa.sigmaPower,
    },
    fittedHashes: decodeUint32(saved.fittedHashes),
  };
}
