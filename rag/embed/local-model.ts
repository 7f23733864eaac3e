import { analyzeTerms, ENGLISH_STOPWORDS, type TermAnalysis } from '../text/analyze-terms.ts';
import { extractFeatures, type FeatureOptions } from './extract-features.ts';
import { fitHashedTfidf, HashedTfidf, type HashedTfidfState } from './hashed-tfidf.ts';
import { fitLsa, LatentSemanticModel, type LsaState } from './latent-semantic-model.ts';

/** Settings of the local (weight-free) embedder. Chosen on the dev split; see rag/README.md. */
export interface LocalModelConfig {
  /** Size of the hashed TF-IDF part of the vector. */
  hashedDims: number;
  /** Slots per hashed feature. */
  positions: number;
  charNgrams: number[];
  stem: boolean;
  stopwords: boolean;
  /** Latent dimensions appended to the vector (0 = no LSA part). */
  lsaRank: number;
  /** Share of the cosine given to the LSA part: cos = (1 − w)·cos_tfidf + w·cos_lsa. */
  lsaWeight: number;
  lsaSigmaPower: number;
  lsaMinDf: number;
  lsaMaxVocabulary: number;
  /** LSA is fitted on at most this many chunks (a seeded sample) to bound fitting time. */
  lsaMaxDocuments: number;
}

export const DEFAULT_LOCAL_MODEL_CONFIG: LocalModelConfig = {
  hashedDims: 1024,
  positions: 4,
  charNgrams: [3],
  stem: true,
  stopwords: true,
  lsaRank: 128,
  lsaWeight: 0.6,
  lsaSigmaPower: 1,
  lsaMinDf: 2,
  lsaMaxVocabulary: 20000,
  lsaMaxDocuments: 20000,
};

/** Everything the local embedder learned from one installation's chunks. */
export interface LocalModelState {
  config: LocalModelConfig;
  /** Increases by one on every refit of this installation's model. */
  version: number;
  fittedAt: string;
  /** Short fingerprint of the fitted corpus, so two fits never share an embedder id. */
  fingerprint: string;
  tfidf: HashedTfidfState;
  lsa?: LsaState;
  /** 32-bit prefixes of the content hashes the model was fitted on (sorted), to measure drift. */
  fittedHashes: Uint32Array;
}

/** The term analysis a config implies. */
export function termAnalysisOf(config: LocalModelConfig): TermAnalysis {
  return { stem: config.stem, stopwords: config.stopwords ? ENGLISH_STOPWORDS : new Set() };
}

function featureOptionsOf(config: LocalModelConfig): FeatureOptions {
  return { analysis: termAnalysisOf(config), charNgrams: config.charNgrams };
}

/** Total vector length for a config. */
export function localModelDims(config: LocalModelConfig, lsaRank = config.lsaRank): number {
  return config.hashedDims + lsaRank;
}

/** Deterministic sample of at most `max` items (keeps order). */
function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]!);
}

/** Fits idf and (when `lsaRank` > 0 and the corpus allows) the LSA projection on chunk texts. */
export function fitLocalModel(
  texts: readonly string[],
  config: LocalModelConfig,
  meta: { version: number; fittedAt: string; fingerprint: string; contentHashes: readonly string[] },
): LocalModelState {
  const features = featureOptionsOf(config);
  const tfidf = fitHashedTfidf(
    texts.map((text) => extractFeatures(text, features)),
    config.hashedDims,
    config.positions,
  );
  let lsa: LsaState | undefined;
  if (config.lsaRank > 0 && texts.length >= 2) {
    const analysis = termAnalysisOf(config);
    lsa = fitLsa(
      sample(texts, config.lsaMaxDocuments).map((text) => analyzeTerms(text, analysis)),
      {
        rank: config.lsaRank,
        minDf: config.lsaMinDf,
        maxVocabulary: config.lsaMaxVocabulary,
        sigmaPower: config.lsaSigmaPower,
        powerIterations: 3,
        seed: 42,
      },
    );
    // A vocabulary too small for the asked rank would leave a degenerate space.
    if (lsa.rank < config.lsaRank) lsa = undefined;
  }
  const fittedHashes = Uint32Array.from(meta.contentHashes, (hash) => parseInt(hash.slice(0, 8), 16)).sort();
  return {
    config,
    version: meta.version,
    fittedAt: meta.fittedAt,
    fingerprint: meta.fingerprint,
    tfidf,
    lsa,
    fittedHashes,
  };
}

/** A model that has seen no text: plain hashed term frequencies, no LSA. */
export function unfittedLocalModel(config: LocalModelConfig): LocalModelState {
  return {
    config,
    version: 0,
    fittedAt: '',
    fingerprint: 'unfitted',
    tfidf: {
      dims: config.hashedDims,
      positions: config.positions,
      docCount: 0,
      dfKeys: new Uint32Array(),
      dfValues: new Uint32Array(),
    },
    fittedHashes: new Uint32Array(),
  };
}

/** Vectorises text with a fitted state: [√(1−w)·tfidf, √w·lsa], so cosine blends the two parts. */
export class LocalModel {
  readonly dims: number;
  private readonly tfidf: HashedTfidf;
  private readonly lsa?: LatentSemanticModel;
  private readonly features: FeatureOptions;
  private readonly analysis: TermAnalysis;

  constructor(readonly state: LocalModelState) {
    this.tfidf = new HashedTfidf(state.tfidf);
    if (state.lsa) this.lsa = new LatentSemanticModel(state.lsa);
    this.features = featureOptionsOf(state.config);
    this.analysis = termAnalysisOf(state.config);
    this.dims = state.config.hashedDims + (state.lsa?.rank ?? 0);
  }

  vectorize(text: string): Float32Array {
    const out = new Float32Array(this.dims);
    const hashed = out.subarray(0, this.state.config.hashedDims);
    this.tfidf.vectorize(extractFeatures(text, this.features), hashed);
    if (!this.lsa) return out;
    const weight = this.state.config.lsaWeight;
    const latent = out.subarray(this.state.config.hashedDims);
    this.lsa.project(analyzeTerms(text, this.analysis), latent);
    const a = Math.sqrt(1 - weight);
    const b = Math.sqrt(weight);
    for (let i = 0; i < hashed.length; i++) hashed[i] = hashed[i]! * a;
    for (let i = 0; i < latent.length; i++) latent[i] = latent[i]! * b;
    return out;
  }
}
