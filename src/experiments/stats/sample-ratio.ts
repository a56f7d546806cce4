import { chiSquareSurvival } from './chi-square';

/** The p value under which a split counts as broken (the usual SRM alarm). */
export const SRM_ALPHA = 0.001;

/** The result of a sample-ratio-mismatch check. */
export interface SampleRatioCheck {
  /** Pearson's χ² = Σ (observed − expected)² / expected, expected = total × declared share. */
  chiSquare: number;
  df: number;
  p: number;
  /** p < {@link SRM_ALPHA}: the split differs from the declared weights more than chance explains. */
  mismatch: boolean;
}

/**
 * Sample-ratio-mismatch check: are the exposures per variant what the declared weights predict? Shares need not
 * add up to 1 (they are normalised). `undefined` with fewer than two variants or no exposures.
 *
 * @example
 * sampleRatioCheck([5_000, 5_000], [50, 50]); // { chiSquare: 0, df: 1, p: 1, mismatch: false }
 */
export function sampleRatioCheck(observed: readonly number[], weights: readonly number[]): SampleRatioCheck | undefined {
  const total = observed.reduce((s, x) => s + x, 0);
  const weightSum = weights.reduce((s, x) => s + x, 0);
  if (observed.length < 2 || observed.length !== weights.length || total === 0 || !(weightSum > 0)) return undefined;
  let chiSquare = 0;
  observed.forEach((o, i) => {
    const expected = (total * weights[i]!) / weightSum;
    chiSquare += expected > 0 ? (o - expected) ** 2 / expected : 0;
  });
  const df = observed.length - 1;
  const p = chiSquareSurvival(chiSquare, df);
  return { chiSquare, df, p, mismatch: p < SRM_ALPHA };
}
