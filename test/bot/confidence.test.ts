import assert from 'node:assert/strict';
import type { RetrievedChunk } from '../../rag/retrieve/create-retriever.ts';
import type { KbChunkRecord } from '../../plugin/store/store.ts';
import { estimateConfidence } from '../../plugin/bot/confidence/estimate-confidence.ts';
import {
  extractConfidenceFeatures,
  FEATURE_NAMES,
} from '../../plugin/bot/confidence/extract-confidence-features.ts';
import {
  fitLogisticRegression,
  predictLogistic,
  sigmoid,
} from '../../plugin/bot/confidence/fit-logistic-regression.ts';
import {
  loadCalibration,
  modelForEmbedder,
  parseCalibration,
} from '../../plugin/bot/confidence/load-calibration.ts';
import { measureCalibration } from '../../plugin/bot/confidence/measure-calibration.ts';

function chunk(
  id: string,
  text: string,
  embedderId = 'omniloom-local-tfidf-lsa:1152d:fit-1-abcd',
): KbChunkRecord {
  return {
    id,
    documentId: id,
    installationId: 'i',
    ordinal: 0,
    text,
    contentHash: id,
    embedderId,
    vector: new Float32Array(0),
  };
}

const hit = (id: string, text: string, ranks: Partial<RetrievedChunk>): RetrievedChunk => ({
  chunk: chunk(id, text),
  score: 0,
  ...ranks,
});

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('answer confidence', () => {
  it('reads retrieval evidence: fused top score, margin, rank agreement, cosine, BM25, term coverage', () => {
    const results = [
      hit('a', 'To reset your password open Settings', {
        keywordRank: 1,
        keywordScore: 6,
        vectorRank: 1,
        vectorScore: 0.62,
      }),
      hit('b', 'Shipping takes 3 days', { vectorRank: 2, vectorScore: 0.1 }),
    ];
    const features = extractConfidenceFeatures('How do I reset my password?', results, {
      k: 20,
      keywordWeight: 1,
      vectorWeight: 1.5,
    });
    assert.equal(features.fusedTop, 1, 'first in both legs is the best possible fused score');
    assert.ok(Math.abs(features.fusedMargin - (1 - 1.5 / 22 / (2.5 / 21))) < 1e-9);
    assert.equal(features.rankAgreement, 1);
    assert.equal(features.vectorBest, 0.62);
    assert.ok(Math.abs(features.keywordBest - Math.log1p(6 / 2)) < 1e-9, 'per query term (reset, password)');
    assert.equal(features.termCoverage, 1);

    const disagree = extractConfidenceFeatures('reset password', [
      hit('a', 'x', { keywordRank: 1, vectorRank: 7 }),
    ]);
    assert.equal(disagree.rankAgreement, 0.25);
    assert.deepEqual(
      Object.values(extractConfidenceFeatures('anything', [])),
      FEATURE_NAMES.map(() => 0),
    );
  });

  it('fits a logistic model that recovers a known relation', () => {
    const next = random(7);
    const rows: number[][] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 2_000; i++) {
      const x = [next(), next(), next()];
      const p = sigmoid(-2 + 3 * x[0]! + 1.5 * x[1]!);
      rows.push(x);
      labels.push(next() < p ? 1 : 0);
    }
    const model = fitLogisticRegression(rows, labels, { l2: 0, monotone: false });
    // Weights are on standardised features: divide by the scale to compare with the generating ones.
    const raw = model.weights.map((weight, i) => weight / model.scale[i]!);
    assert.ok(Math.abs(raw[0]! - 3) < 0.6, `w0 ${raw[0]}`);
    assert.ok(Math.abs(raw[1]! - 1.5) < 0.6, `w1 ${raw[1]}`);
    assert.ok(Math.abs(raw[2]!) < 0.5, `w2 ${raw[2]}`);
    const metrics = measureCalibration(
      rows.map((row) => predictLogistic(model, row)),
      labels,
    );
    assert.ok(metrics.ece < 0.05, `ece ${metrics.ece}`);
  });

  it('keeps weights non-negative when asked (more evidence never lowers the estimate)', () => {
    const next = random(11);
    const rows: number[][] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 1_000; i++) {
      const x = [next(), next()];
      rows.push(x);
      labels.push(next() < sigmoid(2 * x[0]! - 2 * x[1]!) ? 1 : 0);
    }
    const model = fitLogisticRegression(rows, labels);
    assert.ok(model.weights[0]! > 0);
    assert.equal(model.weights[1], 0);
  });

  it('measures calibration: AUC, Brier, log loss, ECE and answered share per threshold', () => {
    const metrics = measureCalibration([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1], [0.5]);
    assert.equal(metrics.auc, 0.6667);
    assert.equal(metrics.baseRate, 0.75);
    assert.deepEqual(metrics.thresholds, [{ threshold: 0.5, answered: 0.5, precision: 1 }]);
  });

  it('ships a calibration fitted on the rag-eval dev split that ranks well on the test split', () => {
    const calibration = loadCalibration();
    assert.deepEqual(calibration.features, [...FEATURE_NAMES]);
    const model = modelForEmbedder(calibration, 'omniloom-local-tfidf-lsa:1152d:fit-3-aa');
    assert.equal(model.embedder, 'omniloom-local-tfidf-lsa');
    assert.ok(model.weights.every((weight) => weight >= 0));
    const metrics = (model.fit?.metrics as { test: { auc: number; ece: number } }).test;
    assert.ok(metrics.auc > 0.75, `test AUC ${metrics.auc}`);
    assert.ok(metrics.ece < 0.1, `test ECE ${metrics.ece}`);
    assert.equal(
      modelForEmbedder(calibration, 'gemini:text-embedding-9:768d'),
      calibration.models.default,
      'unknown embedders use the default model',
    );
    assert.throws(
      () => parseCalibration({ ...calibration, features: ['fusedTop'] }),
      /npm run calibrate:confidence/,
    );
  });

  it('turns evidence into a probability, moved by the model sufficiency judgement', () => {
    const strong = [
      hit('a', 'To reset your password open Settings and choose Reset password', {
        keywordRank: 1,
        keywordScore: 9,
        vectorRank: 1,
        vectorScore: 0.7,
      }),
    ];
    const weak = [hit('z', 'Our warehouse is closed on holidays', { vectorRank: 1, vectorScore: 0.05 })];
    const question = 'How do I reset my password?';
    const neutral = estimateConfidence({ question, results: strong, grounded: true });
    const sufficient = estimateConfidence({ question, results: strong, grounded: true, sufficient: true });
    const insufficient = estimateConfidence({
      question,
      results: strong,
      grounded: false,
      sufficient: false,
    });
    assert.ok(neutral.confidence > 0.6, `strong evidence ${neutral.confidence}`);
    assert.ok(sufficient.confidence > neutral.confidence);
    assert.ok(insufficient.confidence < 0.3, `insufficient ${insufficient.confidence}`);
    assert.equal(neutral.retrieval, sufficient.retrieval);
    assert.ok(estimateConfidence({ question, results: weak, grounded: true }).confidence < 0.2);
    assert.equal(
      estimateConfidence({ question, results: [], grounded: true, sufficient: true }).confidence,
      0,
    );
    assert.equal(
      estimateConfidence({ question, results: strong, grounded: false }).confidence,
      0,
      'an extractive answer that quotes nothing',
    );
  });
});
