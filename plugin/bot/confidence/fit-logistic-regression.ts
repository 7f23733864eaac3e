/**
 * A fitted logistic model on standardised features:
 * p = σ(intercept + Σ wᵢ·clip((xᵢ − meanᵢ)/scaleᵢ)), with each standardised
 * value clipped to ±`clip` so a knowledge base unlike the training one (a
 * handful of articles, say) cannot push a feature into wild extrapolation.
 */
export interface LogisticModel {
  mean: number[];
  scale: number[];
  weights: number[];
  intercept: number;
  /** Bound on |standardised value| (default 3). */
  clip?: number;
}

export interface FitOptions {
  /** L2 penalty on the weights (not the intercept). Default 0.01 per sample. */
  l2?: number;
  /** Newton iterations at most. Default 50. */
  maxIterations?: number;
  /** Bound on |standardised value| during fitting and prediction. Default 3. */
  clip?: number;
  /**
   * Keep every weight ≥ 0: each feature is evidence *for* an answer, so more
   * of it may never lower the estimate (a weight that comes out negative on
   * the training set is a quirk of that set and is fixed at 0). Default true.
   */
  monotone?: boolean;
}

/** The logistic function, safe for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Probability the model gives a feature vector. */
export function predictLogistic(model: LogisticModel, x: readonly number[]): number {
  const clip = model.clip ?? 3;
  let z = model.intercept;
  for (let i = 0; i < model.weights.length; i++) {
    const scale = model.scale[i] || 1;
    const standardised = ((x[i] ?? 0) - model.mean[i]!) / scale;
    z += model.weights[i]! * Math.max(-clip, Math.min(clip, standardised));
  }
  return sigmoid(z);
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]! || 1e-12;
    for (let row = 0; row < n; row++) {
      if (row === col) continue;
      const factor = m[row]![col]! / p;
      for (let k = col; k <= n; k++) m[row]![k]! -= factor * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Fits L2-regularised logistic regression by Newton's method (IRLS) on
 * standardised features. Small and exact for the handful of confidence
 * features; the result is deterministic for a given data set.
 */
/** Newton's method on the columns in `free` (others fixed at 0); returns [intercept, ...weights]. */
function newton(
  z: number[][],
  labels: readonly (0 | 1)[],
  free: readonly number[],
  lambda: number,
  maxIterations: number,
): number[] {
  const n = z.length;
  const columns = [0, ...free.map((j) => j + 1)];
  const m = columns.length;
  let beta = new Array<number>(m).fill(0);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradient = new Array<number>(m).fill(0);
    const hessian = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = columns.map((column) => z[i]![column]!);
      const p = sigmoid(xi.reduce((sum, value, j) => sum + value * beta[j]!, 0));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let j = 0; j < m; j++) {
        gradient[j]! += (labels[i]! - p) * xi[j]!;
        for (let k = j; k < m; k++) hessian[j]![k]! += w * xi[j]! * xi[k]!;
      }
    }
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < j; k++) hessian[j]![k] = hessian[k]![j]!;
      if (j > 0) {
        gradient[j]! -= lambda * beta[j]!;
        hessian[j]![j]! += lambda;
      }
    }
    const step = solve(hessian, gradient);
    beta = beta.map((value, j) => value + step[j]!);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

/**
 * Fits L2-regularised logistic regression by Newton's method (IRLS) on
 * standardised, clipped features. With `monotone` (default), a weight that
 * comes out negative is fixed at 0 and the rest refitted, until all are
 * non-negative. Small and exact for the handful of confidence features; the
 * result is deterministic for a given data set.
 */
export function fitLogisticRegression(
  rows: readonly (readonly number[])[],
  labels: readonly (0 | 1)[],
  options: FitOptions = {},
): LogisticModel {
  const n = rows.length;
  const d = rows[0]?.length ?? 0;
  if (n === 0 || labels.length !== n)
    throw new Error('logistic regression needs one label per row and at least one row');
  const clip = options.clip ?? 3;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((sum, row) => sum + row[j]!, 0) / n);
  const scale = Array.from({ length: d }, (_, j) => {
    const variance = rows.reduce((sum, row) => sum + (row[j]! - mean[j]!) ** 2, 0) / n;
    return Math.sqrt(variance) || 1;
  });
  const z = rows.map((row) => [
    1,
    ...row.map((value, j) => Math.max(-clip, Math.min(clip, (value - mean[j]!) / scale[j]!))),
  ]);
  const lambda = (options.l2 ?? 0.01) * n;
  const maxIterations = options.maxIterations ?? 50;
  let free = Array.from({ length: d }, (_, j) => j);
  for (;;) {
    const beta = newton(z, labels, free, lambda, maxIterations);
    const weights = new Array<number>(d).fill(0);
    free.forEach((j, index) => (weights[j] = beta[index + 1]!));
    const negative = free.filter((j) => weights[j]! < 0);
    if (options.monotone === false || negative.length === 0) {
      return { mean, scale, weights, intercept: beta[0]!, clip };
    }
    const worst = negative.reduce((a, b) => (weights[a]! <= weights[b]! ? a : b));
    free = free.filter((j) => j !== worst);
  }
}
