/**
 * Fixed log-spaced buckets for first response times (ms), so per-day histograms can be stored and merged across
 * days (docs/kpis.md, "Pre-aggregation"). Bucket `i` holds the integers `[lower(i), lower(i + 1) − 1]`; its
 * representative value is within {@link RESPONSE_BUCKET_ERROR} of every value in it (relative error), so a
 * percentile read from merged buckets is that close to the exact one. Values below 40 ms have a bucket each (exact).
 * The table is built once, deterministically, from integers only at lookup time: the same value lands in the same
 * bucket on every process and database.
 */

/** The largest relative error of a bucket's representative value: 2.5 %. */
export const RESPONSE_BUCKET_ERROR = 0.025;

const LOWER: number[] = [];
const VALUE: number[] = [];

function build(): void {
  const e = RESPONSE_BUCKET_ERROR;
  LOWER.push(0);
  VALUE.push(0);
  let a = 1;
  while (a <= Number.MAX_SAFE_INTEGER) {
    // the widest [a, b] whose representative (the harmonic mean, rounded) is within e of both ends
    let b = Math.max(a, Math.floor((a * (1 + e)) / (1 - e)));
    let rep = Math.round((2 * a * b) / (a + b));
    while (b > a && (rep - a > e * a || b - rep > e * b)) {
      b -= 1;
      rep = Math.round((2 * a * b) / (a + b));
    }
    LOWER.push(a);
    VALUE.push(rep);
    a = b + 1;
  }
}
build();

/** How many buckets there are (indexes `0 … count − 1`). */
export const RESPONSE_BUCKET_COUNT = LOWER.length;

/**
 * The bucket of a response time in ms (negative values and fractions fall to the integer below, 0 at least).
 *
 * @example
 * responseBucket(1500); // an index; bucketValue(responseBucket(1500)) is within 2.5 % of 1500
 */
export function responseBucket(ms: number): number {
  const v = Math.max(0, Math.min(Math.floor(ms), Number.MAX_SAFE_INTEGER));
  let lo = 0;
  let hi = LOWER.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (LOWER[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The value that stands for bucket `index` (ms).
 *
 * @example
 * bucketValue(responseBucket(19)); // 19: values below 40 ms are exact
 */
export function bucketValue(index: number): number {
  const value = VALUE[index];
  if (value === undefined) {
    throw new RangeError(`Response-time bucket ${index} does not exist (0–${VALUE.length - 1}). Fix: store indexes from responseBucket().`);
  }
  return value;
}

/** The smallest value of bucket `index` (ms). */
export function bucketLower(index: number): number {
  return LOWER[index] ?? Number.NaN;
}
