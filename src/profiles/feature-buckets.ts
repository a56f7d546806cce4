import { FEATURE_WINDOWS } from './features';

/** One bucket resolution: which hash, how wide a bucket is and which window it serves. */
export interface Resolution {
  /** The hash suffix (`m`, `f`, `h`, `d`, see FeatureKeys). */
  hash: 'm' | 'f' | 'h' | 'd';
  /** Bucket width in ms. */
  size: number;
  /** The window these buckets count. */
  window: keyof typeof FEATURE_WINDOWS;
}

/** Minute buckets for 10 minutes, 5-minute buckets for 1 hour, hour buckets for 24 hours, UTC days for 30 days. */
export const RESOLUTIONS: readonly Resolution[] = [
  { hash: 'm', size: 60_000, window: '10m' },
  { hash: 'f', size: 300_000, window: '1h' },
  { hash: 'h', size: 3_600_000, window: '24h' },
  { hash: 'd', size: 86_400_000, window: '30d' },
];

/** Buckets a hash keeps behind its newest one (the window's buckets, plus one for the partly elapsed bucket). */
export function bucketsKept(r: Resolution): number {
  return FEATURE_WINDOWS[r.window] / r.size;
}

/**
 * The oldest bucket number that counts in the window at `now`: a bucket counts while any of it overlaps the
 * last `window` ms, so an event counts for at least the window and at most the window plus one bucket
 * (e.g. a view at 12:00:30 counts in `product_view_10m` until 12:11:00).
 *
 * @example
 * firstBucket(RESOLUTIONS[0], Date.parse('2026-01-01T12:10:30Z')); // the bucket of 12:00
 */
export function firstBucket(r: Resolution, now: number): number {
  return Math.floor((now - FEATURE_WINDOWS[r.window]) / r.size);
}

/** The bucket number of `at`. */
export function bucketOf(r: Resolution, at: number): number {
  return Math.floor(at / r.size);
}

/**
 * Sum of the fields `<name>|<bucket>` of a bucket hash that count at `now` (buckets after `now` do not count),
 * grouped by `<name>`.
 *
 * @example
 * windowSums({ 'product_view|29000000': '2' }, RESOLUTIONS[0], now); // Map { 'product_view' => 2 }
 */
export function windowSums(hash: Record<string, string>, r: Resolution, now: number): Map<string, number> {
  const from = firstBucket(r, now);
  const to = bucketOf(r, now);
  const sums = new Map<string, number>();
  for (const [field, value] of Object.entries(hash)) {
    const bar = field.lastIndexOf('|');
    if (bar < 0) continue;
    const bucket = Number(field.slice(bar + 1));
    if (bucket < from || bucket > to) continue;
    const name = field.slice(0, bar);
    sums.set(name, (sums.get(name) ?? 0) + Number(value));
  }
  return sums;
}
