/** A fitted few-shot head (multinomial logistic regression over centred, normalised embeddings). */
export interface FewShotHead {
  dim: number;
  numClasses: number;
  mean: Float64Array;
  scale: number;
  /** numClasses × dim, row-major. */
  weights: Float64Array;
  bias: Float64Array;
  /** Mean cross-entropy after the last step. */
  finalLoss?: number;
}

/** Options of {@link fitHead}. */
export interface FitOptions {
  /** Most gradient steps (default 200; stops early when the loss is tiny or flat). */
  steps?: number;
  /** Learning rate (default 0.5). */
  lr?: number;
  /** L2 penalty (default 1e-4). */
  l2?: number;
  /** Feature scale after normalisation (default 8). */
  scale?: number;
}

/**
 * Fit a head on example embeddings.
 *
 * @example
 * const head = fitHead([[1, 0], [0, 1]], [0, 1], 2);
 * predictHead(head, [1, 0]); // [~1, ~0]
 */
export function fitHead(embeddings: ArrayLike<number>[], labels: number[], numClasses: number, options?: FitOptions): FewShotHead;

/** Class probabilities (summing to 1) for one embedding. */
export function predictHead(head: FewShotHead, embedding: ArrayLike<number>): number[];
