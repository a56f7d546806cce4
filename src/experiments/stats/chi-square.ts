import { upperGammaQ } from './gamma';

/**
 * P(X ≥ x) for a chi-square variable with `df` degrees of freedom.
 *
 * @example
 * chiSquareSurvival(3.841459, 1); // ≈ 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  return upperGammaQ(df / 2, x / 2);
}
