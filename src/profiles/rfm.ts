/** RFM thresholds: recent = last paid order within `recentDays`; frequent = at least `frequentOrders` paid orders in 365 days; monetary = spent at least `monetaryYuan`. */
export interface RfmRule {
  recentDays: number;
  frequentOrders: number;
  monetaryYuan: number;
}

/** The default thresholds (docs/profiles.md). */
export const DEFAULT_RFM: RfmRule = { recentDays: 30, frequentOrders: 2, monetaryYuan: 500 };

/** The eight classic segments by R, F, M (each high or low). */
const SEGMENTS: Record<string, string> = {
  HHH: '重要价值客户',
  HLH: '重要发展客户',
  LHH: '重要保持客户',
  LLH: '重要挽留客户',
  HHL: '一般价值客户',
  HLL: '一般发展客户',
  LHL: '一般保持客户',
  LLL: '一般挽留客户',
};

/**
 * The shopper's RFM segment, or null before the first paid order.
 *
 * @example
 * rfmSegment({ daysSinceLastOrder: 3, orders365d: 4, totalSpent: 1200 }); // '重要价值客户'
 */
export function rfmSegment(
  facts: { daysSinceLastOrder: number | null; orders365d: number; totalSpent: number },
  rule: RfmRule = DEFAULT_RFM,
): string | null {
  if (facts.daysSinceLastOrder === null) return null;
  const r = facts.daysSinceLastOrder <= rule.recentDays ? 'H' : 'L';
  const f = facts.orders365d >= rule.frequentOrders ? 'H' : 'L';
  const m = facts.totalSpent >= rule.monetaryYuan ? 'H' : 'L';
  return SEGMENTS[r + f + m]!;
}
