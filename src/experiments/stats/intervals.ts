import { normalQuantile } from './normal';
import { studentTQuantile } from './student-t';

/** An estimate with its two-sided confidence interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** z for a two-sided interval at `level` (1.959964 for 95 %). */
const zOf = (level: number): number => normalQuantile(1 - (1 - level) / 2);

/**
 * Wilson's score interval for a proportion `successes / n`:
 * centre = (p̂ + z²/2n) / (1 + z²/n), half-width = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n).
 * `undefined` when n is 0.
 *
 * @example
 * wilsonInterval(30, 100); // { estimate: 0.3, low: 0.2189, high: 0.3958 }
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval | undefined {
  if (n <= 0) return undefined;
  const z = zOf(level);
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two proportions (`b − a`, a variant against the control) with Newcombe's hybrid score interval
 * (his method 10), built from the two Wilson intervals:
 * low = d − √((p_b − l_b)² + (u_a − p_a)²), high = d + √((u_b − p_b)² + (p_a − l_a)²).
 *
 * @example
 * proportionDifference({ successes: 30, n: 100 }, { successes: 45, n: 100 }); // estimate 0.15
 */
export function proportionDifference(
  a: { successes: number; n: number },
  b: { successes: number; n: number },
  level = 0.95,
): Interval | undefined {
  const wa = wilsonInterval(a.successes, a.n, level);
  const wb = wilsonInterval(b.successes, b.n, level);
  if (!wa || !wb) return undefined;
  const d = wb.estimate - wa.estimate;
  return {
    estimate: d,
    low: d - Math.sqrt((wb.estimate - wb.low) ** 2 + (wa.high - wa.estimate) ** 2),
    high: d + Math.sqrt((wb.high - wb.estimate) ** 2 + (wa.estimate - wa.low) ** 2),
  };
}

/** A sample of a numeric outcome: count, mean and the sample variance (n − 1). */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** Count, mean and sample variance (Welford) of `values`. */
export function momentsOf(values: readonly number[]): Moments {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of values) {
    n += 1;
    const delta = x - mean;
    mean += delta / n;
    m2 += delta * (x - mean);
  }
  return { n, mean, variance: n > 1 ? m2 / (n - 1) : 0 };
}

/**
 * The t interval of a mean: x̄ ± t(1 − α/2, n − 1) · s / √n. `undefined` below two values.
 *
 * @example
 * meanInterval({ n: 10, mean: 4.2, variance: 0.64 }); // 4.2 ± 2.262157 · 0.8 / √10
 */
export function meanInterval(m: Moments, level = 0.95): Interval | undefined {
  if (m.n < 2) return undefined;
  const half = studentTQuantile(1 - (1 - level) / 2, m.n - 1) * Math.sqrt(m.variance / m.n);
  return { estimate: m.mean, low: m.mean - half, high: m.mean + half };
}

/**
 * The difference of two means (`b − a`) with Welch's interval: se = √(s_a²/n_a + s_b²/n_b), degrees of freedom by
 * Welch–Satterthwaite, ν = se⁴ / ((s_a²/n_a)²/(n_a−1) + (s_b²/n_b)²/(n_b−1)). `undefined` below two values a side.
 */
export function meanDifference(a: Moments, b: Moments, level = 0.95): Interval | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const d = b.mean - a.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { estimate: d, low: d, high: d };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { estimate: d, low: d - half, high: d + half };
}
