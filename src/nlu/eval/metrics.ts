/**
 * Classification metrics: accuracy, per-intent precision/recall/F1, macro-F1, confusion matrix, percentiles.
 */

/** Precision, recall and F1 of one intent. */
export interface IntentMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Gold examples of this intent. */
  support: number;
}

/** Metrics over a labelled set. */
export interface ClassificationMetrics {
  accuracy: number;
  /** Unweighted mean F1 over the intents that occur in the gold labels. */
  macroF1: number;
  perIntent: Record<string, IntentMetrics>;
  /** Rows are gold labels, columns predicted labels, both in `labels` order. */
  confusion: { labels: string[]; matrix: number[][] };
}

function safeDiv(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/**
 * Compute metrics. Macro-F1 averages over the gold labels (a label only ever predicted, never gold,
 * counts in the confusion matrix and lowers other labels' precision, but is not averaged).
 *
 * @example
 * classificationMetrics(['a', 'a', 'b'], ['a', 'b', 'b']).accuracy; // 2/3
 */
export function classificationMetrics(gold: string[], predicted: string[]): ClassificationMetrics {
  if (gold.length !== predicted.length) throw new RangeError('gold and predicted must have the same length');
  const goldLabels = [...new Set(gold)].sort();
  const labels = [...new Set([...gold, ...predicted])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    matrix[index.get(g)!][index.get(predicted[i])!]++;
    if (g === predicted[i]) correct++;
  });
  const perIntent: Record<string, IntentMetrics> = {};
  for (const label of goldLabels) {
    const k = index.get(label)!;
    const tp = matrix[k][k];
    const predictedCount = matrix.reduce((s, row) => s + row[k], 0);
    const support = matrix[k].reduce((s, v) => s + v, 0);
    const precision = safeDiv(tp, predictedCount);
    const recall = safeDiv(tp, support);
    perIntent[label] = { precision, recall, f1: safeDiv(2 * precision * recall, precision + recall), support };
  }
  const f1s = Object.values(perIntent).map((m) => m.f1);
  return {
    accuracy: safeDiv(correct, gold.length),
    macroF1: safeDiv(
      f1s.reduce((a, b) => a + b, 0),
      f1s.length,
    ),
    perIntent,
    confusion: { labels, matrix },
  };
}

/**
 * The p-th percentile (0..100) by linear interpolation; NaN for no values.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 2.5
 */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
