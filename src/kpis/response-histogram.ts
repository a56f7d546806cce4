import type { ResponsePercentiles } from './service-figures';
import { bucketValue, responseBucket } from './response-buckets';

/**
 * First response times of one slice (a day, a channel, the whole period), counted per exact value (read live from
 * the sessions) and per bucket (read from the daily roll-ups, src/kpis/response-buckets.ts). Percentiles are nearest
 * rank: exact while the slice holds exact values only, else read from the merged buckets (within 2.5 %).
 *
 * @example
 * const h = new ResponseHistogram();
 * h.addValue(800, 3);
 * h.addBucket(responseBucket(5000), 1);
 * h.percentiles(); // { p50: 800, p95: 5000 ± 2.5 % }
 */
export class ResponseHistogram {
  private readonly exact = new Map<number, number>();
  private readonly buckets = new Map<number, number>();

  /** `n` sessions answered in exactly `ms`. */
  addValue(ms: number, n: number): void {
    this.exact.set(ms, (this.exact.get(ms) ?? 0) + n);
  }

  /** `n` sessions answered within bucket `index`. */
  addBucket(index: number, n: number): void {
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
  }

  /** Nearest-rank p50 / p95 (the smallest time such that at least 50 % / 95 % were answered within it). */
  percentiles(): ResponsePercentiles {
    let counts: Map<number, number>;
    let valueOf: (key: number) => number;
    if (this.buckets.size === 0) {
      counts = this.exact;
      valueOf = (ms) => ms;
    } else {
      counts = new Map(this.buckets);
      for (const [ms, n] of this.exact) {
        const b = responseBucket(ms);
        counts.set(b, (counts.get(b) ?? 0) + n);
      }
      valueOf = bucketValue;
    }
    const keys = [...counts.keys()].sort((a, b) => a - b);
    let total = 0;
    for (const k of keys) total += counts.get(k)!;
    if (total === 0) return { p50: null, p95: null };
    const rank = (p: number): number => {
      let seen = 0;
      for (const k of keys) {
        seen += counts.get(k)!;
        if (seen * 100 >= p * total) return valueOf(k);
      }
      return valueOf(keys[keys.length - 1]!);
    };
    return { p50: rank(50), p95: rank(95) };
  }
}

/** Histograms by key (a day or a channel), created on first use. */
export class HistogramsBy {
  readonly byKey = new Map<string, ResponseHistogram>();

  of(key: string): ResponseHistogram {
    let h = this.byKey.get(key);
    if (!h) {
      h = new ResponseHistogram();
      this.byKey.set(key, h);
    }
    return h;
  }
}
