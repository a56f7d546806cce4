import { RESOLUTIONS, windowSums } from './feature-buckets';
import { BEHAVIOUR_EVENT_TYPES, type Features } from './features';
import { DEFAULT_RFM, rfmSegment, type RfmRule } from './rfm';

/** A shopper's stored aggregates, as {@link FeatureStore.raw} reads them (keys: FeatureKeys). */
export interface RawFeatures {
  userId: string;
  /** The bucket hashes by resolution. */
  buckets: { m: Record<string, string>; f: Record<string, string>; h: Record<string, string>; d: Record<string, string> };
  /** The lasting state hash (`last:<type>`, `orders`, `spent`, `cart`, …). */
  state: Record<string, string>;
  /** Paid order id → paid at (epoch ms). */
  orders: Record<string, number>;
  /** Order ids paid with a coupon. */
  couponOrders: string[];
  channels: string[];
}

/** Options of {@link deriveFeatures}. */
export interface DeriveOptions {
  priceBands?: { low: number; high: number };
  rfm?: RfmRule;
}

const DAY = 86_400_000;
const yuan = (fen: number): number => Math.round(fen) / 100;
const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Every feature (names: src/profiles/features.ts) of one shopper at `now`, from the stored aggregates.
 *
 * @example
 * deriveFeatures(raw, Date.now()).product_view_10m;
 */
export function deriveFeatures(raw: RawFeatures, now: number, options: DeriveOptions = {}): Features {
  const features: Features = {};
  const types = new Set<string>(BEHAVIOUR_EVENT_TYPES);
  for (const field of Object.keys(raw.state)) if (field.startsWith('last:')) types.add(field.slice(5));
  const sums = RESOLUTIONS.map((r) => ({ window: r.window, sums: windowSums(raw.buckets[r.hash], r, now) }));
  for (const type of types) {
    for (const { window, sums: s } of sums) features[`${type}_${window}`] = s.get(type) ?? 0;
    const last = raw.state[`last:${type}`];
    features[`last_${type}_at`] = last === undefined ? null : Number(last);
  }
  Object.assign(features, repeatViews(sums[0]!.sums), categories(sums[3]!.sums), orderFeatures(raw, now, options.rfm ?? DEFAULT_RFM));
  const cart = raw.state['cart'];
  features['cart_value'] = cart === undefined ? null : yuan(Math.max(0, Number(cart)));
  const seen = Number(raw.state['pn'] ?? 0);
  const bands = options.priceBands ?? { low: 100, high: 500 };
  const mean = seen > 0 ? yuan(Number(raw.state['psum'] ?? 0) / seen) : null;
  features['price_band'] = mean === null ? null : mean < bands.low ? 'low' : mean < bands.high ? 'mid' : 'high';
  features['channels'] = raw.channels.length > 0 ? [...raw.channels].sort() : null;
  return features;
}

/** The product viewed most in the 10-minute window (`p:<productId>` fields of the minute hash). */
function repeatViews(minute: Map<string, number>): Features {
  let top: string | null = null;
  let views = 0;
  for (const [name, n] of minute) {
    if (!name.startsWith('p:') || n <= views) continue;
    top = name.slice(2);
    views = n;
  }
  return { top_product_10m: top, top_product_views_10m: top === null ? null : views };
}

/** Category views and preferred categories (weighted: view 1, cart 2, paid order 3) over 30 days. */
function categories(day: Map<string, number>): Features {
  const views: Record<string, number> = {};
  const weights: [string, number][] = [];
  for (const [name, n] of day) {
    if (name.startsWith('cv:')) views[name.slice(3)] = n;
    else if (name.startsWith('cw:')) weights.push([name.slice(3), n]);
  }
  weights.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    category_views_30d: Object.keys(views).length > 0 ? views : null,
    preferred_categories: weights.length > 0 ? weights.slice(0, 3).map(([c]) => c) : null,
  };
}

/** Orders, spend, AOV, frequency, recency, coupon sensitivity and RFM from the paid orders. */
function orderFeatures(raw: RawFeatures, now: number, rule: RfmRule): Features {
  const times = Object.values(raw.orders).sort((a, b) => a - b);
  const count = Number(raw.state['orders'] ?? 0);
  const spent = yuan(Number(raw.state['spent'] ?? 0));
  const last = times.length > 0 ? times[times.length - 1]! : null;
  const daysSince = last === null ? null : Math.max(0, Math.floor((now - last) / DAY));
  const orders365d = times.filter((t) => t > now - 365 * DAY && t <= now).length;
  const withCoupon = raw.couponOrders.filter((id) => Object.hasOwn(raw.orders, id)).length;
  return {
    days_since_last_order: daysSince,
    orders_365d: orders365d,
    purchase_frequency_days: times.length >= 2 ? round2((times[times.length - 1]! - times[0]!) / DAY / (times.length - 1)) : null,
    avg_order_value: count > 0 ? round2(spent / count) : null,
    total_spent: spent,
    coupon_sensitivity: times.length > 0 ? round2(withCoupon / times.length) : null,
    rfm: rfmSegment({ daysSinceLastOrder: daysSince, orders365d, totalSpent: spent }, rule),
  };
}
