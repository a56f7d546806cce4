import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import { FeatureStore } from '../../src/profiles/feature-store';
import { parseTagCatalogue } from '../../src/profiles/tag-catalogue';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

let redis: Redis;
let prefix: string;
let store: FeatureStore;
const T0 = Date.parse('2026-03-02T12:00:30Z'); // 30 s into a minute bucket
let n = 0;
const ev = (type: string, at: number, payload: Record<string, unknown> = {}): KefuEvent => ({
  id: `c${(n += 1)}`,
  type,
  userId: 'u1',
  at,
  payload,
});
const at = (iso: string) => Date.parse(iso);

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  store = new FeatureStore({ redis, prefix });
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('per-category windows with a fake clock', () => {
  it('counts each type per category in every window, and when it last happened per category', async () => {
    await store.apply([
      ev('product_view', T0, { productId: 'coat', category: '服饰' }),
      ev('product_view', T0 + 60_000, { productId: 'coat', category: '服饰' }),
      ev('product_view', T0 + 90_000, { productId: 'cream', category: '美妆' }),
      ev('cart_add', T0 + 120_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('order_paid', T0 - 2 * 86_400_000, { orderId: 'o1', amount: 99, category: '美妆' }), // two days ago, sent late
      ev('page_view', T0, { category: '服饰' }), // not a categorised type: only page_view_*
    ]);
    const f = async (ms: number) => store.features('u1', ms);
    const now = await f(T0 + 120_000);
    expect(now.product_view_by_category_10m).toEqual({ 服饰: 2, 美妆: 1 });
    expect(now.cart_add_by_category_10m).toEqual({ 服饰: 1 });
    expect(now.order_paid_by_category_10m).toBeNull();
    expect(now.order_paid_by_category_24h).toBeNull();
    expect(now.order_paid_by_category_30d).toEqual({ 美妆: 1 });
    expect(now.last_product_view_at_by_category).toEqual({ 服饰: T0 + 60_000, 美妆: T0 + 90_000 });
    expect(now.last_order_paid_at_by_category).toEqual({ 美妆: T0 - 2 * 86_400_000 });
    expect(now.page_view_10m).toBe(1);
    expect(now.category_views_30d).toEqual({ 服饰: 2, 美妆: 1 });
    expect(now.preferred_categories).toEqual(['服饰', '美妆']); // 2 views + cart (2) = 4 vs 1 view + paid (3) = 4: name order
    // minute buckets: the 12:00 view leaves the 10 minute window at 12:11:00, the 12:01 one at 12:12, the 12:02 one at 12:13
    expect((await f(at('2026-03-02T12:10:59.999Z'))).product_view_by_category_10m).toEqual({ 服饰: 2, 美妆: 1 });
    expect((await f(at('2026-03-02T12:11:00Z'))).product_view_by_category_10m).toEqual({ 服饰: 1, 美妆: 1 });
    expect((await f(at('2026-03-02T12:12:00Z'))).product_view_by_category_10m).toEqual({ 美妆: 1 });
    expect((await f(at('2026-03-02T12:13:00Z'))).product_view_by_category_10m).toBeNull();
    // 5 minute buckets for 1 h: the 12:00 bucket (all four events) counts until 13:05
    expect((await f(at('2026-03-02T13:04:59Z'))).product_view_by_category_1h).toEqual({ 服饰: 2, 美妆: 1 });
    expect((await f(at('2026-03-02T13:05:00Z'))).cart_add_by_category_1h).toBeNull();
    // hour buckets for 24 h, UTC days for 30 d
    expect((await f(at('2026-03-03T12:59:59Z'))).cart_add_by_category_24h).toEqual({ 服饰: 1 });
    expect((await f(at('2026-03-03T13:00:00Z'))).cart_add_by_category_24h).toBeNull();
    expect((await f(at('2026-04-01T23:59:59Z'))).product_view_by_category_30d).toEqual({ 服饰: 2, 美妆: 1 });
    expect((await f(at('2026-04-02T00:00:00Z'))).product_view_by_category_30d).toBeNull();
    // last-at per category stays after the windows passed; a late event never moves it back
    await store.apply([ev('product_view', T0 - 600_000, { productId: 'coat', category: '服饰' })]);
    expect((await f(at('2026-05-01T00:00:00Z'))).last_product_view_at_by_category).toEqual({ 服饰: T0 + 60_000, 美妆: T0 + 90_000 });
  });

  it('categories with ":" or "|" in their name, and the older cv/cw day fields, still count', async () => {
    await store.apply([ev('cart_remove', T0, { productId: 'p', category: 'a:b|c', price: 1 })]);
    const day = Math.floor(T0 / 86_400_000);
    await redis.hset(`${prefix}:pf:u1:b`, `d:cv:家居|${day}`, 4, `d:cw:家居|${day}`, 4); // as written before per-type fields
    const f = await store.features('u1', T0);
    expect(f.cart_remove_by_category_10m).toEqual({ 'a:b|c': 1 });
    expect(f.last_cart_remove_at_by_category).toEqual({ 'a:b|c': T0 });
    expect(f.category_views_30d).toEqual({ 家居: 4 });
    expect(f.preferred_categories).toEqual(['家居']);
  });

  it('tag rules may read a category below the per-category features; a misspelt feature name is still an error', () => {
    const file = (when: string) =>
      `groups:\n  行为:\n    - name: 常看服饰\n      when: ${when}\n      description: 1 小时内看了 3 次以上服饰\n`;
    const ok = parseTagCatalogue(
      't.yaml',
      file('features.product_view_by_category_1h.服饰 >= 3 and features.last_cart_add_at_by_category.服饰 > 0'),
    );
    expect(ok.errors).toEqual([]);
    const bad = parseTagCatalogue('t.yaml', file('features.product_view_by_categry_1h.服饰 >= 3'));
    expect(bad.errors.map((e) => e.message).join('\n')).toMatch(/product_view_by_categry_1h/);
  });
});
