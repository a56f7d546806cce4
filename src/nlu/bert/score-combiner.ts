/**
 * Combining the classifier head (trained intents) with the few-shot head (all intents in intents.yaml).
 */

/** Probabilities per label from one head. */
export interface HeadScores {
  labels: string[];
  probs: number[];
}

/**
 * Combine the heads. The few-shot head decides how likely the message is one of the intents the
 * classifier does not know (`novel`); the classifier splits the rest among its own labels.
 * With only one head, its probabilities are returned as they are. The result sums to 1.
 *
 * @example
 * combineScores({ labels: ['a', 'b'], probs: [0.8, 0.2] }, { labels: ['a', 'b', 'new'], probs: [0.3, 0.2, 0.5] });
 * // { a: 0.4, b: 0.1, new: 0.5 }
 */
export function combineScores(classifier: HeadScores | null, fewShot: HeadScores | null): Record<string, number> {
  const out: Record<string, number> = {};
  if (!fewShot) {
    classifier?.labels.forEach((l, i) => (out[l] = classifier.probs[i]));
    return out;
  }
  if (!classifier) {
    fewShot.labels.forEach((l, i) => (out[l] = fewShot.probs[i]));
    return out;
  }
  const known = new Set(classifier.labels);
  let novelMass = 0;
  fewShot.labels.forEach((l, i) => {
    if (!known.has(l)) {
      out[l] = fewShot.probs[i];
      novelMass += fewShot.probs[i];
    }
  });
  classifier.labels.forEach((l, i) => (out[l] = classifier.probs[i] * (1 - novelMass)));
  return out;
}
