import { categoryFeatures } from './category-features';
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
/** Event types the shop's logistics send, not something the shopper did: they do not make a shopper active. */
const NOT_THE_SHOPPERS: ReadonlySet<string> = new Set(['order_shipped', 'order_delivered']);
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
  for (const field of Object.keys(raw.state)) if (field.startsWith('last:') && !field.includes(':', 5)) types.add(field.slice(5));
  const sums = RESOLUTIONS.map((r) => ({ window: r.window, sums: windowSums(raw.buckets[r.hash], r, now) }));
  let lastActive: number | null = null;
  for (const type of types) {
    for (const { window, sums: s } of sums) features[`${type}_${window}`] = s.get(type) ?? 0;
    const last = raw.state[`last:${type}`];
    features[`last_${type}_at`] = last === undefined ? null : Number(last);
    if (last !== undefined && !NOT_THE_SHOPPERS.has(type)) lastActive = Math.max(lastActive ?? 0, Number(last));
  }
  features['last_active_at'] = lastActive;
  features['days_since_last_active'] = lastActive === null ? null : Math.max(0, Math.floor((now - lastActive) / DAY));
  Object.assign(
    features,
    repeatViews(sums[0]!.sums),
    categoryFeatures(sums, raw.state),
    orderFeatures(raw, now, options.rfm ?? DEFAULT_RFM),
  );
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
