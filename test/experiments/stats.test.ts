/**
 * The experiment statistics against numbers worked out by hand (each formula in a comment) and published tables:
 * z = Φ⁻¹(0.975) = 1.959964, t(0.975, 9) = 2.262157, t(0.975, 4) = 2.776445, χ²(0.95, 1) = 3.841459,
 * χ²(0.999, 1) = 10.827566, χ²(0.95, 2) = 5.991465.
 */
import { chiSquareSurvival } from '../../src/experiments/stats/chi-square';
import { meanDifference, meanInterval, momentsOf, proportionDifference, wilsonInterval } from '../../src/experiments/stats/intervals';
import { normalQuantile } from '../../src/experiments/stats/normal';
import { sampleRatioCheck } from '../../src/experiments/stats/sample-ratio';
import { studentTQuantile } from '../../src/experiments/stats/student-t';

describe('distribution tables', () => {
  it('matches the printed normal, t and chi-square tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.0005)).toBeCloseTo(-3.290527, 5);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157, 5);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 4);
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(10.827566, 1)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
  });
});

describe('Wilson interval of a proportion', () => {
  it('30 of 100', () => {
    // p̂ = 0.3, z² = 3.841459, denominator 1 + z²/n = 1.03841459
    // centre = (0.3 + 3.841459/200) / 1.03841459 = 0.307398
    // half = 1.959964 · √(0.3·0.7/100 + 3.841459/40000) / 1.03841459 = 0.088450
    // → [0.218949, 0.395849]
    const w = wilsonInterval(30, 100)!;
    expect(w.estimate).toBe(0.3);
    expect(w.low).toBeCloseTo(0.218949, 5);
    expect(w.high).toBeCloseTo(0.395849, 5);
  });

  it('0 of 20 stays inside [0, 1] and is not degenerate', () => {
    // p̂ = 0: centre = (z²/40) / (1 + z²/20) = half = 0.080563 → [0, 0.161125]
    const w = wilsonInterval(0, 20)!;
    expect(w.low).toBeCloseTo(0, 12);
    expect(w.high).toBeCloseTo(0.161125, 5);
  });

  it('has no interval without observations', () => {
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });
});

describe('difference of two proportions (Newcombe hybrid score)', () => {
  it("reproduces Newcombe's 1998 worked example 56/70 vs 48/80", () => {
    // Wilson: 48/80 → [0.490455, 0.700382]; 56/70 → [0.691834, 0.876953]; d = 0.8 − 0.6 = 0.2
    // low = 0.2 − √((0.8 − 0.691834)² + (0.700382 − 0.6)²) = 0.052431
    // high = 0.2 + √((0.876953 − 0.8)² + (0.6 − 0.490455)²) = 0.333873  (Newcombe: 0.0524 to 0.3339)
    const d = proportionDifference({ successes: 48, n: 80 }, { successes: 56, n: 70 })!;
    expect(d.estimate).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.052431, 5);
    expect(d.high).toBeCloseTo(0.333873, 5);
  });
});

describe('means', () => {
  it('t interval of a mean: n = 10, mean 4.2, s = 0.8', () => {
    // 4.2 ± t(0.975, 9) · 0.8/√10 = 4.2 ± 2.262157 · 0.252982 = 4.2 ± 0.572285 → [3.627715, 4.772285]
    const m = meanInterval({ n: 10, mean: 4.2, variance: 0.64 })!;
    expect(m.low).toBeCloseTo(3.627715, 5);
    expect(m.high).toBeCloseTo(4.772285, 5);
  });

  it('sample moments', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, Σ(x − 5)² = 32, variance 32/7
    const m = momentsOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(m).toEqual({ n: 8, mean: 5, variance: expect.closeTo(32 / 7, 12) });
  });

  it("Welch's interval of a difference: [3, 4, 5] vs [4, 5, 6]", () => {
    // means 4 and 5, variances 1 and 1: se = √(1/3 + 1/3) = 0.816497
    // ν = (2/3)² / ((1/3)²/2 + (1/3)²/2) = 4 → 1 ± 2.776445 · 0.816497 = 1 ± 2.266958 → [−1.266958, 3.266958]
    const d = meanDifference(momentsOf([3, 4, 5]), momentsOf([4, 5, 6]))!;
    expect(d.estimate).toBe(1);
    expect(d.low).toBeCloseTo(-1.266958, 5);
    expect(d.high).toBeCloseTo(3.266958, 5);
  });
});

describe('sample-ratio mismatch', () => {
  it('flags a broken 50/50 split: 5200 vs 4800', () => {
    // expected 5000 each: χ² = 200²/5000 + 200²/5000 = 16, df 1, p = erfc(√8) = 6.334e−5 < 0.001
    const srm = sampleRatioCheck([5200, 4800], [50, 50])!;
    expect(srm.chiSquare).toBeCloseTo(16, 10);
    expect(srm.df).toBe(1);
    expect(srm.p).toBeCloseTo(6.334248e-5, 9);
    expect(srm.mismatch).toBe(true);
  });

  it('accepts chance: 5050 vs 4950', () => {
    // χ² = 50²/5000 · 2 = 1, p = erfc(√0.5) = 0.317311
    const srm = sampleRatioCheck([5050, 4950], [50, 50])!;
    expect(srm.chiSquare).toBeCloseTo(1, 10);
    expect(srm.p).toBeCloseTo(0.317311, 5);
    expect(srm.mismatch).toBe(false);
  });

  it('reads the declared weights, not an even split: 9000/1000 for 90/10 is fine, for 50/50 it is not', () => {
    expect(sampleRatioCheck([9000, 1000], [90, 10])!.chiSquare).toBeCloseTo(0, 10);
    expect(sampleRatioCheck([9000, 1000], [50, 50])!.mismatch).toBe(true);
  });
});
