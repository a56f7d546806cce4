import { FEATURE_WINDOWS, type Features } from './features';

/**
 * The event types whose payload names a `category` (docs/profiles.md): they are also counted per category, in every
 * window, and their latest time is kept per category.
 */
export const CATEGORY_EVENT_TYPES = ['product_view', 'cart_add', 'cart_remove', 'order_created', 'order_paid'] as const;

/** Interest weights of `preferred_categories` (a view 1, a cart add 2, a paid order 3; other types 0). */
export const CATEGORY_WEIGHT: Readonly<Record<string, number>> = { product_view: 1, cart_add: 2, order_paid: 3 };

const COUNTED = new Set<string>(CATEGORY_EVENT_TYPES);

/** Whether events of `type` are counted per category. */
export function countedByCategory(type: string): boolean {
  return COUNTED.has(type);
}

/**
 * The bucket-hash name (without resolution and bucket) of a type's events in one category: `c:<type>:<category>`.
 * Types are snake_case, so the first `:` after `c:` ends the type whatever the category holds.
 */
export function categoryField(type: string, category: string): string {
  return `c:${type}:${category}`;
}

/** The per-category feature names: `<type>_by_category_<window>` and `last_<type>_at_by_category` (objects keyed by category). */
export const CATEGORY_FEATURE_NAMES: readonly string[] = CATEGORY_EVENT_TYPES.flatMap((type) => [
  ...Object.keys(FEATURE_WINDOWS).map((w) => `${type}_by_category_${w}`),
  `last_${type}_at_by_category`,
]);

/** `c:<type>:<category>` split, or undefined for other names. */
function parse(name: string, prefix: string): { type: string; category: string } | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const colon = name.indexOf(':', prefix.length);
  if (colon < 0) return undefined;
  return { type: name.slice(prefix.length, colon), category: name.slice(colon + 1) };
}

/**
 * The per-category features from the window sums (per window, name → count) and the state hash's
 * `last:c:<type>:<category>` fields; also `category_views_30d` and `preferred_categories`, from the day sums
 * (and the older `cv:` / `cw:` day fields written before the per-type ones, still read while they are in the window).
 *
 * @example
 * categoryFeatures([{ window: '10m', sums: new Map([['c:product_view:服饰', 2]]) }], {})['product_view_by_category_10m']; // { 服饰: 2 }
 */
export function categoryFeatures(
  windows: readonly { window: string; sums: Map<string, number> }[],
  state: Record<string, string>,
): Features {
  const out: Features = {};
  for (const name of CATEGORY_FEATURE_NAMES) out[name] = null;
  const views: Record<string, number> = {};
  const weights = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const { window, sums } of windows) {
    for (const [name, n] of sums) {
      if (window === '30d' && name.startsWith('cv:')) views[name.slice(3)] = (views[name.slice(3)] ?? 0) + n;
      if (window === '30d' && name.startsWith('cw:')) add(weights, name.slice(3), n);
      const c = parse(name, 'c:');
      if (!c || !COUNTED.has(c.type) || n === 0) continue;
      const feature = `${c.type}_by_category_${window}`;
      const counts = (out[feature] ??= {}) as Record<string, number>;
      counts[c.category] = (counts[c.category] ?? 0) + n;
      if (window !== '30d') continue;
      if (c.type === 'product_view') views[c.category] = (views[c.category] ?? 0) + n;
      const w = CATEGORY_WEIGHT[c.type];
      if (w) add(weights, c.category, w * n);
    }
  }
  for (const [field, value] of Object.entries(state)) {
    const c = parse(field, 'last:c:');
    if (!c || !COUNTED.has(c.type)) continue;
    const feature = `last_${c.type}_at_by_category`;
    ((out[feature] ??= {}) as Record<string, number>)[c.category] = Number(value);
  }
  const ranked = [...weights].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  out['category_views_30d'] = Object.keys(views).length > 0 ? views : null;
  out['preferred_categories'] = ranked.length > 0 ? ranked.slice(0, 3).map(([c]) => c) : null;
  return out;
}
