import { incompleteBeta } from './beta';

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  const tail = incompleteBeta(df / (df + t * t), df / 2, 0.5) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The t value below which a share `p` of Student's t distribution lies, by bisection on the CDF (1e-12).
 *
 * @example
 * studentTQuantile(0.975, 9); // 2.262157 (the textbook table value)
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0))
    throw new RangeError(
      `studentTQuantile needs 0 < p < 1 and df > 0, got p=${p}, df=${df}. Fix: pass a probability and positive degrees of freedom.`,
    );
  let lo = -1e4;
  let hi = 1e4;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
