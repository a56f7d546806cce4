import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import { FeatureStore } from '../../src/profiles/feature-store';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

let redis: Redis;
let prefix: string;
let store: FeatureStore;
const T0 = Date.parse('2026-03-02T12:00:30Z'); // 30 s into a minute bucket
let n = 0;
const ev = (type: string, at: number, payload: Record<string, unknown> = {}, userId = 'u1'): KefuEvent => ({
  id: `e${(n += 1)}`,
  type,
  userId,
  at,
  payload,
});

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  store = new FeatureStore({ redis, prefix });
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('sliding windows with a fake clock', () => {
  it('a view counts in the 10m window until its minute bucket leaves it, and in the wider windows longer', async () => {
    await store.apply([ev('product_view', T0, { productId: 'p1' })]);
    const at = async (ms: number) => store.features('u1', ms);
    expect((await at(T0)).product_view_10m).toBe(1);
    // the bucket 12:00 overlaps (now − 10 min, now] until 12:11:00
    expect((await at(Date.parse('2026-03-02T12:10:59.999Z'))).product_view_10m).toBe(1);
    expect((await at(Date.parse('2026-03-02T12:11:00Z'))).product_view_10m).toBe(0);
    // 5-minute buckets for 1 h: the 12:00 bucket counts until 13:05
    expect((await at(Date.parse('2026-03-02T13:04:59Z'))).product_view_1h).toBe(1);
    expect((await at(Date.parse('2026-03-02T13:05:00Z'))).product_view_1h).toBe(0);
    // hour buckets for 24 h, UTC days for 30 d
    expect((await at(Date.parse('2026-03-03T12:59:59Z'))).product_view_24h).toBe(1);
    expect((await at(Date.parse('2026-03-03T13:00:00Z'))).product_view_24h).toBe(0);
    expect((await at(Date.parse('2026-04-01T23:59:59Z'))).product_view_30d).toBe(1);
    expect((await at(Date.parse('2026-04-02T00:00:00Z'))).product_view_30d).toBe(0);
    // an event after `now` does not count yet
    expect((await at(T0 - 60_000)).product_view_10m).toBe(0);
    expect((await at(T0)).last_product_view_at).toBe(T0);
  });

  it('repeat views of a product in 10 minutes, categories and price band', async () => {
    await store.apply([
      ev('product_view', T0, { productId: 'coat', category: '服饰', price: 599 }),
      ev('product_view', T0 + 120_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('product_view', T0 + 240_000, { productId: 'coat', category: '服饰', price: 599 }),
      ev('product_view', T0 + 250_000, { productId: 'hat', category: '配饰', price: 99 }),
      ev('cart_add', T0 + 300_000, { productId: 'hat', category: '配饰', price: 99, quantity: 2 }),
      ev('order_paid', T0 + 300_000, { orderId: 'o9', amount: 99, category: '配饰' }),
    ]);
    const f = await store.features('u1', T0 + 300_000);
    expect(f.top_product_10m).toBe('coat');
    expect(f.top_product_views_10m).toBe(3);
    expect(f.category_views_30d).toEqual({ 服饰: 3, 配饰: 1 });
    expect(f.preferred_categories).toEqual(['配饰', '服饰']); // 1 view + cart (2) + paid (3) = 6 vs 3 views
    expect(f.cart_value).toBe(198);
    expect(f.price_band).toBe('mid'); // mean of 599, 599, 599, 99, 99 = 379
    expect((await store.features('u1', T0 + 11 * 60_000)).top_product_views_10m).toBe(2); // the first view's minute left
  });

  it('duplicates count once; out-of-order events land in their own buckets and never move last-at back', async () => {
    const late = ev('product_view', T0 - 20 * 60_000, { productId: 'p1' });
    const now = ev('product_view', T0, { productId: 'p1' });
    expect(await store.apply([now, now])).toEqual([true, false]);
    expect(await store.apply([late, now])).toEqual([true, false]);
    const f = await store.features('u1', T0);
    expect(f.product_view_10m).toBe(1); // the late one is 20 minutes old
    expect(f.product_view_1h).toBe(2);
    expect(f.last_product_view_at).toBe(T0);
    expect((await store.features('u1', T0 - 20 * 60_000)).product_view_10m).toBe(1);
  });

  it('orders: AOV, frequency, days since, coupon sensitivity and RFM; the same order paid twice counts once', async () => {
    const day = 86_400_000;
    await store.apply([
      ev('order_paid', T0 - 40 * day, { orderId: 'o1', amount: 300 }),
      ev('order_paid', T0 - 20 * day, { orderId: 'o2', amount: 500, couponCode: 'C1' }),
      ev('order_paid', T0 - 20 * day + 5, { orderId: 'o2', amount: 500 }),
      ev('order_paid', T0 - 2 * day, { orderId: 'o3', amount: 100 }),
    ]);
    const f = await store.features('u1', T0);
    expect(f.total_spent).toBe(900);
    expect(f.avg_order_value).toBe(300);
    expect(f.orders_365d).toBe(3);
    expect(f.purchase_frequency_days).toBe(19);
    expect(f.days_since_last_order).toBe(2);
    expect(f.coupon_sensitivity).toBe(0.33);
    expect(f.rfm).toBe('重要价值客户');
    expect((await store.features('u1', T0 + 60 * day)).rfm).toBe('重要保持客户');
    expect((await store.features('nobody', T0)).rfm).toBeNull();
  });

  it('old buckets are pruned as a hash grows; the windows stay right', async () => {
    await store.apply(Array.from({ length: 200 }, (_, i) => ev('page_view', T0 + i * 60_000)));
    const now = T0 + 199 * 60_000;
    expect(await redis.hlen(`${prefix}:pf:u1:b`)).toBeLessThanOrEqual(64);
    const f = await store.features('u1', now);
    expect([f.page_view_10m, f.page_view_1h, f.page_view_24h]).toEqual([11, 65, 200]); // the oldest bucket counts whole: 10–11 min, 60–65 min
  });

  it('several shoppers in one call each get their own events: coupon_used marks a paid order, channels add up', async () => {
    await store.apply([
      ev('order_paid', T0, { orderId: 'a1', amount: 100, channel: 'web' }, 'ua'),
      ev('page_view', T0, { channel: 'wechat' }, 'ub'),
      ev('order_paid', T0 + 1, { orderId: 'a2', amount: 300 }, 'ua'),
      ev('coupon_used', T0 + 2, { couponCode: 'C9', orderId: 'a2', channel: 'app' }, 'ua'),
      ev('product_view', T0 + 3, { productId: 'p7', price: 20 }, 'ub'),
    ]);
    const [a, b] = await store.featuresOf(['ua', 'ub'], T0 + 10);
    expect(a).toMatchObject({ total_spent: 400, orders_365d: 2, coupon_sensitivity: 0.5, channels: ['app', 'web'], page_view_10m: 0 });
    expect(b).toMatchObject({ total_spent: 0, page_view_10m: 1, product_view_10m: 1, price_band: 'low', channels: ['wechat'] });
    expect(a!.last_coupon_used_at).toBe(T0 + 2);
  });

  it('pruning keeps working across many calls (the bucket count is kept in the hash)', async () => {
    for (let call = 0; call < 40; call += 1)
      await store.apply(Array.from({ length: 5 }, (_, i) => ev('page_view', T0 + (call * 5 + i) * 60_000)));
    const now = T0 + 199 * 60_000;
    expect(await redis.hlen(`${prefix}:pf:u1:b`)).toBeLessThanOrEqual(64);
    const f = await store.features('u1', now);
    expect([f.page_view_10m, f.page_view_1h, f.page_view_24h, f.page_view_30d]).toEqual([11, 65, 200, 200]);
  });

  it('an id is remembered across dedupe periods for at least the dedupe time; a mixed batch applies only the new ones', async () => {
    const short = new FeatureStore({ redis, prefix, dedupeTtlSeconds: 4 }); // periods of 1 s, looked up 5 back
    const first = ev('product_view', T0, { productId: 'p1' });
    expect(await short.apply([first])).toEqual([true]);
    await new Promise((r) => setTimeout(r, 1500)); // the next period at least
    const second = ev('product_view', T0, { productId: 'p1' });
    expect(await short.apply([second, first, second])).toEqual([true, false, false]);
    expect((await short.features('u1', T0)).product_view_10m).toBe(2);
  });

  it('a cart is emptied by order_created; a cart event older than the order does not refill it', async () => {
    await store.apply([
      ev('cart_add', T0, { cartId: 'c1', price: 50, quantity: 2 }),
      ev('order_created', T0 + 1000, { orderId: 'o1' }),
      ev('cart_add', T0 + 500, { cartId: 'c1', price: 30 }),
      ev('cart_add', T0 + 2000, { cartId: 'c1', price: 20, channel: 'web' }),
    ]);
    const f = await store.features('u1', T0 + 3000);
    expect(f.cart_value).toBe(20);
    expect(f.channels).toEqual(['web']);
  });
});
