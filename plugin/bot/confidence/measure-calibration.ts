/** How well predicted probabilities match outcomes. */
export interface CalibrationMetrics {
  samples: number;
  /** Share of positives. */
  baseRate: number;
  logLoss: number;
  brier: number;
  /** Area under the ROC curve (ties count half). */
  auc: number;
  /** Expected calibration error over 10 equal-width bins. */
  ece: number;
  /** For a few thresholds: share of questions at or above it, and the share of those whose label is 1. */
  thresholds: Array<{ threshold: number; answered: number; precision: number }>;
}

/** Scores predictions `p` against binary labels. */
export function measureCalibration(
  p: readonly number[],
  labels: readonly (0 | 1)[],
  thresholds: readonly number[] = [0.4, 0.5, 0.6, 0.7, 0.8],
): CalibrationMetrics {
  const n = p.length;
  const eps = 1e-12;
  let logLoss = 0;
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    logLoss -= labels[i]! ? Math.log(q) : Math.log(1 - q);
    brier += (p[i]! - labels[i]!) ** 2;
  }
  const order = p.map((value, i) => ({ value, label: labels[i]! })).sort((a, b) => a.value - b.value);
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && order[j + 1]!.value === order[i]!.value) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (order[k]!.label) rankSum += averageRank;
    i = j + 1;
  }
  const positives = labels.filter((label) => label === 1).length;
  const negatives = n - positives;
  const auc =
    positives && negatives ? (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) : 0;
  let ece = 0;
  for (let bin = 0; bin < 10; bin++) {
    const members = order.filter((entry) => Math.min(9, Math.floor(entry.value * 10)) === bin);
    if (!members.length) continue;
    const confidence = members.reduce((sum, entry) => sum + entry.value, 0) / members.length;
    const accuracy = members.reduce((sum, entry) => sum + entry.label, 0) / members.length;
    ece += (members.length / n) * Math.abs(confidence - accuracy);
  }
  const round = (value: number) => Number(value.toFixed(4));
  return {
    samples: n,
    baseRate: round(n ? positives / n : 0),
    logLoss: round(n ? logLoss / n : 0),
    brier: round(n ? brier / n : 0),
    auc: round(auc),
    ece: round(ece),
    thresholds: thresholds.map((threshold) => {
      const kept = order.filter((entry) => entry.value >= threshold);
      return {
        threshold,
        answered: round(n ? kept.length / n : 0),
        precision: round(kept.length ? kept.reduce((sum, entry) => sum + entry.label, 0) / kept.length : 0),
      };
    }),
  };
}
