/**
 * Real-time behaviour features of one shopper (docs/profiles.md), computed from behaviour events within a second and
 * read by tags, segments, intent prediction, flows (`features.*` in conditions and templates) and the console.
 *
 * Names are flat snake_case so conditions read them directly, e.g. `features.product_view_10m >= 3`:
 * - `<type>_<window>`: how many events of that type in the sliding window, for every event type and the windows
 *   `10m`, `1h`, `24h`, `30d` (e.g. `product_view_10m`, `cart_add_24h`, `order_paid_30d`);
 * - `last_<type>_at`: epoch ms of the latest event of that type (null: never); `last_active_at` /
 *   `days_since_last_active`: the latest event of any type the shopper did (every type but `order_shipped` and
 *   `order_delivered`), and the whole days since (0: within 24 hours; null: no event yet);
 * - `top_product_10m` / `top_product_views_10m`: the product viewed most in the last 10 minutes and how often (repeat
 *   views of one product); `cart_value`: yuan in the cart now (cart_add minus cart_remove, cleared by order_created);
 * - `days_since_last_order`, `orders_365d`, `purchase_frequency_days` (mean days between paid orders),
 *   `avg_order_value`, `total_spent`;
 * - `preferred_categories` (most viewed/bought first, up to 3), `price_band` (`low` | `mid` | `high`),
 *   `coupon_sensitivity` (0–1: share of paid orders that used a coupon), `rfm` (e.g. `重要价值客户`), `channels`
 *   (the doors the shopper used);
 * - `category_views_30d`: views per category in the last 30 days (an object: `features.category_views_30d.服饰`);
 * - `<type>_by_category_<window>` for product_view, cart_add, cart_remove, order_created and order_paid (the types
 *   whose payload names a category): counts per category in the window (`features.product_view_by_category_1h.服饰`),
 *   and `last_<type>_at_by_category` (epoch ms of the latest such event per category); null when none.
 * Missing values are null (conditions treat them as null, never an error).
 */
export type FeatureValue = number | string | string[] | Record<string, number> | null;

/** One shopper's features by name (see {@link FeatureValue} for the names). */
export type Features = Record<string, FeatureValue>;

/** The behaviour event types kefu understands (others are accepted and kept, but feed only `<type>_<window>` counts). */
export const BEHAVIOUR_EVENT_TYPES = [
  'page_view',
  'product_view',
  'search',
  'cart_add',
  'cart_remove',
  'checkout_start',
  'order_created',
  'order_paid',
  'order_shipped',
  'order_delivered',
  'refund_requested',
  'coupon_issued',
  'coupon_used',
  'live_join',
  'live_comment',
  'chat_message',
] as const;

/** One of {@link BEHAVIOUR_EVENT_TYPES}. */
export type BehaviourEventType = (typeof BEHAVIOUR_EVENT_TYPES)[number];

/** The sliding windows of the counts. */
export const FEATURE_WINDOWS = { '10m': 600_000, '1h': 3_600_000, '24h': 86_400_000, '30d': 2_592_000_000 } as const;

/** Reads the features kept hot in Redis (FeatureStore). */
export interface FeatureReader {
  /** One shopper's features now (all names present; null where unknown). */
  features(userId: string, now?: number): Promise<Features>;
}

/** Told after a batch of events changed some shoppers' features (intent prediction listens). */
export interface FeatureListener {
  onFeatures(changes: readonly FeatureChange[]): Promise<void>;
}

/** What one batch did to one shopper. */
export interface FeatureChange {
  userId: string;
  /** The shopper's events in this batch, oldest first. */
  events: readonly { id: string; type: string; at: number; payload: Record<string, unknown> }[];
  /** Their features after the batch. */
  features: Features;
}
