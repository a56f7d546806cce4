import { OUTCOMES, type Outcome } from '../../src/quality/outcome';

/** Precision, recall and F1 of one class. */
export interface ClassScore {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** How a labeller did on a set: per class, macro F1, accuracy and the confusion matrix (rows: truth, columns: predicted). */
export interface SetScore {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: Record<Outcome, ClassScore>;
  confusion: Record<Outcome, Record<Outcome, number>>;
}

/**
 * Scores predicted outcomes against the hand labels.
 *
 * @example
 * scoreOutcomes([{ truth: 'resolved', predicted: 'resolved' }]).macroF1;
 */
export function scoreOutcomes(pairs: readonly { truth: Outcome; predicted: Outcome }[]): SetScore {
  const confusion = Object.fromEntries(OUTCOMES.map((t) => [t, Object.fromEntries(OUTCOMES.map((p) => [p, 0]))])) as SetScore['confusion'];
  for (const { truth, predicted } of pairs) confusion[truth][predicted] += 1;
  const perClass = {} as Record<Outcome, ClassScore>;
  for (const c of OUTCOMES) {
    const tp = confusion[c][c];
    const predicted = OUTCOMES.reduce((n, t) => n + confusion[t][c], 0);
    const support = OUTCOMES.reduce((n, p) => n + confusion[c][p], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision: round(precision), recall: round(recall), f1: round(f1), support };
  }
  const correct = OUTCOMES.reduce((n, c) => n + confusion[c][c], 0);
  return {
    n: pairs.length,
    accuracy: round(pairs.length === 0 ? 0 : correct / pairs.length),
    macroF1: round(OUTCOMES.reduce((s, c) => s + perClass[c].f1, 0) / OUTCOMES.length),
    perClass,
    confusion,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
