/**
 * Parameter search for keyword, vector and hybrid retrieval on the DEV split
 * (never the test split). Works on whole passages in memory so a grid runs in
 * seconds; the chosen values become the defaults in rag/ and are recorded in
 * rag/README.md. Usage: node --import tsx bench/rag/tune-on-dev.ts [--dataset dir] [--split dev]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBeirSplit } from '../lib/load-beir-dataset.ts';
import { meanScores, scoreRanking, type RankingScores } from '../lib/score-ranking.ts';
import { analyzeTerms, ENGLISH_STOPWORDS, type TermAnalysis } from '../../rag/text/analyze-terms.ts';
import { Bm25Index, DEFAULT_BM25_PARAMS } from '../../rag/retrieve/bm25-index.ts';
import { fuseReciprocalRank } from '../../rag/retrieve/fuse-reciprocal-rank.ts';
import {
  DEFAULT_LOCAL_MODEL_CONFIG,
  fitLocalModel,
  LocalModel,
  type LocalModelConfig,
} from '../../rag/embed/local-model.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'rag-eval') },
    split: { type: 'string', default: 'dev' },
    only: { type: 'string', default: 'all' },
  },
});
if (args.split === 'test') console.log('warning: tuning on the test split defeats its purpose');
const data = await loadBeirSplit(args.dataset, args.split);
const docTexts = data.corpus.map((p) => `${p.title}\n${p.text}`);
const docIds = data.corpus.map((p) => p.id);
const fmt = (s: RankingScores): string =>
  `ndcg ${s.ndcg10.toFixed(4)} r@10 ${s.recall10.toFixed(4)} mrr ${s.mrr.toFixed(4)}`;

function evaluate(rank: (query: string) => string[]): RankingScores {
  return meanScores(data.queries.map((q) => scoreRanking(rank(q.text), data.relevant.get(q.id)!)));
}

function bm25Ranker(analysis: TermAnalysis, k1: number, b: number): (q: string) => string[] {
  const index = new Bm25Index(
    docTexts.map((t) => analyzeTerms(t, analysis)),
    { k1, b },
  );
  return (q) => index.search(analyzeTerms(q, analysis), 100).map((h) => docIds[h.doc]!);
}

function vectorRanker(config: LocalModelConfig): (q: string) => string[] {
  const state = fitLocalModel(docTexts, config, {
    version: 1,
    fittedAt: 'x',
    fingerprint: 'x',
    contentHashes: [],
  });
  const model = new LocalModel(state);
  const vectors = docTexts.map((t) => model.vectorize(t));
  return (q) => {
    const qv = model.vectorize(q);
    const scores = vectors.map((v, i) => {
      let dot = 0;
      for (let j = 0; j < v.length; j++) dot += v[j]! * qv[j]!;
      return { i, dot };
    });
    scores.sort((a, b) => b.dot - a.dot);
    return scores.slice(0, 100).map((s) => docIds[s.i]!);
  };
}

const analyses: Record<string, TermAnalysis> = {
  plain: { stem: false, stopwords: new Set() },
  stop: { stem: false, stopwords: ENGLISH_STOPWORDS },
  stem: { stem: true, stopwords: new Set() },
  'stem+stop': { stem: true, stopwords: ENGLISH_STOPWORDS },
};

if (args.only === 'all' || args.only === 'bm25') {
  for (const [name, analysis] of Object.entries(analyses)) {
    console.log(`bm25 ${name} k1 1.2 b 0.75: ${fmt(evaluate(bm25Ranker(analysis, 1.2, 0.75)))}`);
  }
  for (const k1 of [0.6, 0.9, 1.2, 1.5, 2.0]) {
    for (const b of [0.3, 0.5, 0.75, 0.9]) {
      console.log(
        `bm25 stem+stop k1 ${k1} b ${b}: ${fmt(evaluate(bm25Ranker(analyses['stem+stop']!, k1, b)))}`,
      );
    }
  }
}

const variants: Array<[string, Partial<LocalModelConfig>]> = JSON.parse(process.env.VARIANTS ?? '[]');
if (args.only === 'all' || args.only === 'vector') {
  const list: Array<[string, Partial<LocalModelConfig>]> = variants.length
    ? variants
    : [
        ['tfidf-only 1024 c3', { lsaRank: 0 }],
        ['default', {}],
      ];
  for (const [name, patch] of list) {
    const t0 = performance.now();
    const r = vectorRanker({ ...DEFAULT_LOCAL_MODEL_CONFIG, ...patch });
    const s = evaluate(r);
    console.log(`vector ${name}: ${fmt(s)} (${Math.round(performance.now() - t0)} ms)`);
  }
}

if (args.only === 'all' || args.only === 'fusion') {
  const kw = bm25Ranker(
    analyses['stem+stop']!,
    Number(process.env.K1 ?? DEFAULT_BM25_PARAMS.k1),
    Number(process.env.B ?? DEFAULT_BM25_PARAMS.b),
  );
  const candidates = Number(process.env.CANDIDATES ?? 100);
  const patch: Partial<LocalModelConfig> = JSON.parse(process.env.FUSION_VECTOR ?? '{}');
  const vec = vectorRanker({ ...DEFAULT_LOCAL_MODEL_CONFIG, ...patch });
  const cache = new Map(data.queries.map((q) => [q.text, { kw: kw(q.text), vec: vec(q.text) }]));
  for (const k of [5, 10, 20, 40, 60]) {
    for (const wv of [0.5, 0.75, 1, 1.25, 1.5, 2]) {
      const s = evaluate((q) => {
        const c = cache.get(q)!;
        return fuseReciprocalRank(
          [
            { ids: c.kw.slice(0, candidates), weight: 1 },
            { ids: c.vec.slice(0, candidates), weight: wv },
          ],
          k,
        ).map((e) => e.id);
      });
      console.log(`rrf k ${k} wv ${wv}: ${fmt(s)}`);
    }
  }
}
