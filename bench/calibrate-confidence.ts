/**
 * Fits the AI agent's confidence model: a logistic regression of "the top
 * retrieved chunk is relevant" on the retrieval features of
 * plugin/bot/confidence/extract-confidence-features.ts, over the rag-eval DEV
 * split, retrieved through the real ingestion and hybrid retrieval. The test
 * split is only scored, never fitted on.
 *
 * A support assistant also meets questions its knowledge base cannot answer,
 * which the benchmark (every query has an answer) lacks. So a fixed 30% of
 * the threads (chosen by the SHA-1 of the thread id) is left out of the
 * ingested corpus: their queries have no relevant passage and teach the model
 * what "nothing here" looks like.
 *
 * The vector leg's cosines depend on the embedder, so each embedder family
 * gets its own model: `--embedder local` (default; also written as the
 * `default` model) or `--embedder gemini` (GEMINI_API_KEY, GEMINI_BASE_URL,
 * GEMINI_EMBEDDING_MODEL, GEMINI_EMBEDDING_DIMENSIONS), written under
 * `gemini:<model>` and used whenever the knowledge base is embedded by Gemini.
 *
 * Usage: npm run calibrate:confidence [-- --dataset dir] [--holdout 0.3] [--embedder local|gemini] [--dry-run]
 * Writes plugin/bot/confidence/calibration.json (commit it).
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBeirSplit, type BeirSplit } from './lib/load-beir-dataset.ts';
import { openBenchStore } from './lib/open-bench-store.ts';
import { ingestDocument } from '../rag/ingest.ts';
import { LOCAL_EMBEDDER_NAME, loadLocalEmbedder } from '../rag/embed/local-embedder.ts';
import { createGeminiEmbedder } from '../rag/embed/gemini-embedder.ts';
import type { Embedder } from '../rag/embed/embedder.ts';
import { loadConfig } from '../plugin/config/config.ts';
import { refreshLocalEmbedder } from '../rag/refresh-local-embedder.ts';
import { createRetriever } from '../rag/retrieve/create-retriever.ts';
import {
  extractConfidenceFeatures,
  FEATURE_NAMES,
  featureVector,
} from '../plugin/bot/confidence/extract-confidence-features.ts';
import { fitLogisticRegression, predictLogistic } from '../plugin/bot/confidence/fit-logistic-regression.ts';
import { CALIBRATION_FILE, parseCalibration } from '../plugin/bot/confidence/load-calibration.ts';
import { measureCalibration } from '../plugin/bot/confidence/measure-calibration.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: path.resolve(repoRoot, '..', 'shared', 'rag-eval') },
    holdout: { type: 'string', default: '0.3' },
    embedder: { type: 'string', default: 'local' },
    'dry-run': { type: 'boolean', default: false },
  },
});
if (!['local', 'gemini'].includes(args.embedder)) throw new Error('--embedder must be local or gemini');
const holdout = Number(args.holdout);
const INSTALLATION = 'calibration';
/** Results per question, as the agent retrieves them (plugin/bot/prepare-draft.ts). */
const TOP_K = 5;

const threadOf = (id: string): string => id.split('-')[0]!;
const heldOut = (thread: string): boolean =>
  createHash('sha1').update(thread).digest().readUInt32BE(0) / 2 ** 32 < holdout;

async function collect(
  retriever: ReturnType<typeof createRetriever>,
  data: BeirSplit,
  passageOf: Map<string, string>,
) {
  const rows: number[][] = [];
  const labels: (0 | 1)[] = [];
  let unanswerable = 0;
  for (const query of data.queries) {
    const results = await retriever.retrieve(query.text, { installationId: INSTALLATION, topK: TOP_K });
    rows.push(featureVector(extractConfidenceFeatures(query.text, results)));
    const top = results[0] ? passageOf.get(results[0].chunk.documentId) : undefined;
    labels.push(top && data.relevant.get(query.id)?.has(top) ? 1 : 0);
    if (heldOut(threadOf(query.id))) unanswerable++;
  }
  return { rows, labels, unanswerable };
}

const started = performance.now();
const dev = await loadBeirSplit(args.dataset, 'dev');
const test = await loadBeirSplit(args.dataset, 'test');
const bench = await openBenchStore('sqlite');
try {
  const store = bench.store;
  const gemini = loadConfig().gemini;
  if (args.embedder === 'gemini' && !gemini.apiKey) throw new Error('--embedder gemini needs GEMINI_API_KEY');
  const initial: Embedder =
    args.embedder === 'gemini'
      ? createGeminiEmbedder({
          apiKey: gemini.apiKey!,
          model: gemini.embeddingModel,
          outputDimensionality: gemini.embeddingDimensions,
          ...(gemini.baseUrl ? { baseUrl: gemini.baseUrl } : {}),
        })
      : await loadLocalEmbedder(store.kv, INSTALLATION);
  const kept = dev.corpus.filter((passage) => !heldOut(threadOf(passage.id)));
  for (const passage of kept) {
    await ingestDocument(store, initial, {
      installationId: INSTALLATION,
      source: `beir:${passage.id}`,
      title: passage.title,
      text: passage.text,
      type: 'text',
    });
  }
  const embedder =
    args.embedder === 'gemini'
      ? initial
      : (await refreshLocalEmbedder(store, INSTALLATION, { force: true })).embedder;
  const passageOf = new Map<string, string>();
  for (const doc of await store.knowledge.listDocuments(INSTALLATION))
    passageOf.set(doc.id, doc.source.slice('beir:'.length));
  const retriever = createRetriever({ store, embedder });

  const fitSet = await collect(retriever, dev, passageOf);
  const model = fitLogisticRegression(fitSet.rows, fitSet.labels, { l2: 0.01 });
  const testSet = await collect(retriever, test, passageOf);
  const devMetrics = measureCalibration(
    fitSet.rows.map((row) => predictLogistic(model, row)),
    fitSet.labels,
  );
  const testMetrics = measureCalibration(
    testSet.rows.map((row) => predictLogistic(model, row)),
    testSet.labels,
  );
  const round = (value: number) => Number(value.toFixed(6));

  const previous = JSON.parse(await readFile(CALIBRATION_FILE, 'utf8').catch(() => '{}')) as {
    sufficiency?: { sufficientOddsRatio?: number; insufficientFactor?: number };
    models?: Record<string, unknown>;
  };
  const family = args.embedder === 'gemini' ? `gemini:${gemini.embeddingModel}` : LOCAL_EMBEDDER_NAME;
  const fitted = {
    embedder: family,
    mean: model.mean.map(round),
    scale: model.scale.map(round),
    weights: model.weights.map(round),
    intercept: round(model.intercept),
    clip: model.clip ?? 3,
    fit: {
      fittedAt: new Date().toISOString(),
      dataset: 'rag-eval (StackFAQ)',
      fitSplit: 'dev',
      scoredSplit: 'test',
      heldOutThreadShare: holdout,
      passagesIngested: kept.length,
      passagesTotal: dev.corpus.length,
      topK: TOP_K,
      retrieval: `hybrid (BM25 + ${args.embedder} embedder, weighted RRF)`,
      embedder: embedder.id,
      devQueries: dev.queries.length,
      devUnanswerable: fitSet.unanswerable,
      testQueries: test.queries.length,
      testUnanswerable: testSet.unanswerable,
      metrics: { dev: devMetrics, test: testMetrics },
    },
  };
  const calibration = parseCalibration({
    version: 1,
    target:
      'top-1 retrieved chunk is relevant (rag-eval qrels), with held-out threads as unanswerable questions',
    features: [...FEATURE_NAMES],
    models: {
      // Models fitted on another feature list are dropped: they cannot be read any more.
      ...Object.fromEntries(
        Object.entries(previous.models ?? {}).filter(
          ([, value]) => (value as { weights?: unknown[] }).weights?.length === FEATURE_NAMES.length,
        ),
      ),
      ...(args.embedder === 'local' || !previous.models?.default ? { default: fitted } : {}),
      [family]: fitted,
    },
    sufficiency: {
      sufficientOddsRatio: previous.sufficiency?.sufficientOddsRatio ?? 2,
      insufficientFactor: previous.sufficiency?.insufficientFactor ?? 0.1,
    },
  });
  const weights = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, fitted.weights[i]]));
  console.log(
    JSON.stringify(
      { model: family, weights, intercept: fitted.intercept, dev: devMetrics, test: testMetrics },
      null,
      2,
    ),
  );
  if (!args['dry-run']) {
    await writeFile(CALIBRATION_FILE, `${JSON.stringify(calibration, null, 2)}\n`);
    console.log(
      `wrote ${path.relative(repoRoot, CALIBRATION_FILE.pathname)} in ${Math.round(performance.now() - started)} ms`,
    );
  }
} finally {
  await bench.close();
}
