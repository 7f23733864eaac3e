import type { RetrievedChunk } from '../../../rag/retrieve/create-retriever.ts';
import {
  extractConfidenceFeatures,
  featureVector,
  type ConfidenceFeatures,
} from './extract-confidence-features.ts';
import { predictLogistic, sigmoid } from './fit-logistic-regression.ts';
import { loadCalibration, modelForEmbedder, type ConfidenceCalibration } from './load-calibration.ts';

/** The agent's confidence in one answer, with what it rests on. */
export interface ConfidenceEstimate {
  /** Estimated probability in [0, 1] that the answer is right to send; compared with settings.ai.threshold. */
  confidence: number;
  /** Calibrated probability that the top retrieved chunk is relevant (retrieval evidence alone). */
  retrieval: number;
  features: ConfidenceFeatures;
}

export interface ConfidenceInput {
  question: string;
  results: readonly RetrievedChunk[];
  /** The model's judgement; undefined when no model judged (extractive answers). */
  sufficient?: boolean;
  /** Whether the answer cites at least one retrieved chunk. */
  grounded: boolean;
  calibration?: ConfidenceCalibration;
}

const logit = (p: number): number => Math.log(Math.max(1e-9, p) / Math.max(1e-9, 1 - p));

/**
 * Confidence = the calibrated logistic estimate that retrieval found a
 * relevant chunk (fitted on the rag-eval dev split, see calibration.json),
 * then moved by the model's sufficiency judgement: "not sufficient" scales
 * it down to a tenth (the model says the answer is not in the material);
 * "sufficient" with cited excerpts doubles the odds. An extractive answer
 * (no model) keeps the retrieval estimate, or 0 when it quotes nothing.
 * With no retrieval results it is 0.
 */
export function estimateConfidence(input: ConfidenceInput): ConfidenceEstimate {
  const calibration = input.calibration ?? loadCalibration();
  const features = extractConfidenceFeatures(input.question, input.results);
  if (input.results.length === 0) return { confidence: 0, retrieval: 0, features };
  const model = modelForEmbedder(calibration, input.results[0]?.chunk.embedderId);
  const retrieval = predictLogistic(model, featureVector(features));
  let confidence: number;
  if (input.sufficient === false) confidence = retrieval * calibration.sufficiency.insufficientFactor;
  else if (input.sufficient === true && input.grounded) {
    confidence = sigmoid(logit(retrieval) + Math.log(calibration.sufficiency.sufficientOddsRatio));
  } else confidence = input.sufficient === undefined && !input.grounded ? 0 : retrieval;
  const round = (value: number) => Number(value.toFixed(4));
  return { confidence: round(confidence), retrieval: round(retrieval), features };
}
