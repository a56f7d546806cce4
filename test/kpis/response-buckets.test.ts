/**
 * The log-spaced first-response buckets of the KPI roll-ups and the histograms merged from them: every value's
 * bucket stands for it within the stated bound, and nearest-rank percentiles match the exact ones.
 */
import { bucketLower, bucketValue, RESPONSE_BUCKET_COUNT, RESPONSE_BUCKET_ERROR, responseBucket } from '../../src/kpis/response-buckets';
import { ResponseHistogram } from '../../src/kpis/response-histogram';

/** Exact nearest rank, as the database computes it: the smallest value whose rank reaches p·n. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

it('stands for every value within 2.5 %, exactly below 40 ms', () => {
  expect(RESPONSE_BUCKET_ERROR).toBeLessThanOrEqual(0.05);
  let worst = 0;
  for (let v = 1; v <= 3_000_000; v++) {
    const value = bucketValue(responseBucket(v));
    worst = Math.max(worst, Math.abs(value - v) / v);
    if (v < 40) expect(value).toBe(v);
  }
  // and far beyond (a reply a week later, the largest safe integer)
  for (const v of [604_800_000, 2 ** 31 + 7, Number.MAX_SAFE_INTEGER])
    worst = Math.max(worst, Math.abs(bucketValue(responseBucket(v)) - v) / v);
  expect(worst).toBeLessThanOrEqual(RESPONSE_BUCKET_ERROR);
  expect(worst).toBeGreaterThan(RESPONSE_BUCKET_ERROR * 0.9); // the buckets are as wide as the bound allows
  expect(bucketValue(responseBucket(0))).toBe(0);
  expect(responseBucket(-5)).toBe(0);
});

it('has ordered, contiguous buckets with few of them per decade', () => {
  for (let i = 1; i < RESPONSE_BUCKET_COUNT; i++) {
    expect(bucketLower(i)).toBeGreaterThan(bucketLower(i - 1));
    expect(responseBucket(bucketLower(i))).toBe(i);
    expect(responseBucket(bucketLower(i) - 1)).toBe(i - 1);
  }
  expect(responseBucket(10_000) - responseBucket(1_000)).toBeLessThanOrEqual(50);
  expect(() => bucketValue(RESPONSE_BUCKET_COUNT)).toThrow(/Fix:/);
});

it('gives exact percentiles from exact values and close ones once buckets are merged in', () => {
  const values = [120, 800, 800, 950, 1500, 2300, 4100, 9000, 15_000, 61_000];
  const exact = new ResponseHistogram();
  for (const v of values) exact.addValue(v, 1);
  expect(exact.percentiles()).toEqual({ p50: nearestRank(values, 50), p95: nearestRank(values, 95) });
  // the same times, half of them from a rolled-up day (as buckets)
  const merged = new ResponseHistogram();
  values.forEach((v, i) => (i % 2 === 0 ? merged.addValue(v, 1) : merged.addBucket(responseBucket(v), 1)));
  const { p50, p95 } = merged.percentiles();
  expect(Math.abs(p50! - 1500) / 1500).toBeLessThanOrEqual(RESPONSE_BUCKET_ERROR);
  expect(Math.abs(p95! - 61_000) / 61_000).toBeLessThanOrEqual(RESPONSE_BUCKET_ERROR);
  expect(new ResponseHistogram().percentiles()).toEqual({ p50: null, p95: null });
});
