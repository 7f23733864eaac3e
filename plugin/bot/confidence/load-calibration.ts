import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FEATURE_NAMES } from './extract-confidence-features.ts';

const modelSchema = z.object({
  /** Embedder name prefix the model was fitted with (`omniloom-local-tfidf-lsa`, `gemini:gemini-embedding-001`). */
  embedder: z.string(),
  mean: z.array(z.number()),
  scale: z.array(z.number()),
  weights: z.array(z.number()),
  intercept: z.number(),
  clip: z.number().positive().optional(),
  /** How and on what it was fitted, with its scores on the dev (fit) and test splits. */
  fit: z.record(z.string(), z.unknown()).optional(),
});

const calibrationSchema = z.object({
  version: z.literal(1),
  target: z.string(),
  features: z.array(z.string()),
  /** One model per embedder family; `default` answers for embedders without their own. */
  models: z
    .record(z.string(), modelSchema)
    .refine((models) => 'default' in models, 'a "default" model is required'),
  /**
   * How the model's own sufficiency judgement moves the retrieval estimate.
   * Not fitted (the offline benchmark has no model judgements): "sufficient"
   * with cited excerpts multiplies the odds by `sufficientOddsRatio`;
   * "insufficient" scales the probability by `insufficientFactor`, since the
   * model itself says the answer is not in the material.
   */
  sufficiency: z.object({
    sufficientOddsRatio: z.number().positive(),
    insufficientFactor: z.number().min(0).max(1),
  }),
});

export type ConfidenceCalibration = z.infer<typeof calibrationSchema>;
export type CalibratedModel = z.infer<typeof modelSchema>;

/** Where `npm run calibrate:confidence` writes the fitted coefficients (committed). */
export const CALIBRATION_FILE = new URL('./calibration.json', import.meta.url);

/** Checks a calibration object and that its feature list matches the code's. */
export function parseCalibration(value: unknown): ConfidenceCalibration {
  const calibration = calibrationSchema.parse(value);
  if (calibration.features.join(',') !== FEATURE_NAMES.join(',')) {
    throw new Error(
      `calibration.json was fitted on features [${calibration.features.join(', ')}] but the code reads [${FEATURE_NAMES.join(', ')}]: run npm run calibrate:confidence`,
    );
  }
  for (const [name, model] of Object.entries(calibration.models)) {
    if (![model.mean, model.scale, model.weights].every((list) => list.length === FEATURE_NAMES.length)) {
      throw new Error(`calibration model "${name}" has the wrong number of coefficients`);
    }
  }
  return calibration;
}

let cached: ConfidenceCalibration | undefined;

/** The committed calibration (read once). */
export function loadCalibration(): ConfidenceCalibration {
  cached ??= parseCalibration(JSON.parse(readFileSync(CALIBRATION_FILE, 'utf8')));
  return cached;
}

/** The model fitted for an embedder id (longest matching prefix), else the default one. */
export function modelForEmbedder(
  calibration: ConfidenceCalibration,
  embedderId: string | undefined,
): CalibratedModel {
  let chosen: CalibratedModel | undefined;
  for (const model of Object.values(calibration.models)) {
    if (embedderId?.startsWith(model.embedder) && (!chosen || model.embedder.length > chosen.embedder.length))
      chosen = model;
  }
  return chosen ?? calibration.models.default!;
}
