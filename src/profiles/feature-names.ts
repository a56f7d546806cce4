import { CATEGORY_FEATURE_NAMES } from './category-features';
import { BEHAVIOUR_EVENT_TYPES, FEATURE_WINDOWS } from './features';

/** Features whose value is an object keyed by data (e.g. `features.category_views_30d.服饰`): any key below them is fine. */
export const KEYED_FEATURES: readonly string[] = ['category_views_30d', ...CATEGORY_FEATURE_NAMES];

/**
 * Every feature name of the contract in src/profiles/features.ts, for checking rules: the per-type window counts,
 * `last_<type>_at`, and the derived ones.
 *
 * @example
 * FEATURE_NAMES.includes('product_view_10m'); // true
 */
export const FEATURE_NAMES: readonly string[] = [
  ...BEHAVIOUR_EVENT_TYPES.flatMap((type) => Object.keys(FEATURE_WINDOWS).map((w) => `${type}_${w}`)),
  ...BEHAVIOUR_EVENT_TYPES.map((type) => `last_${type}_at`),
  'last_active_at',
  'days_since_last_active',
  'top_product_10m',
  'top_product_views_10m',
  'cart_value',
  'days_since_last_order',
  'orders_365d',
  'purchase_frequency_days',
  'avg_order_value',
  'total_spent',
  'preferred_categories',
  'price_band',
  'coupon_sensitivity',
  'rfm',
  'channels',
  ...KEYED_FEATURES,
];

/** Features with every name present and null (no FeatureReader yet, or a shopper without events). */
export function nullFeatures(): Record<string, null> {
  return Object.fromEntries(FEATURE_NAMES.map((name) => [name, null]));
}
