import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import { BUCKET_HASH_TTL_MS, STATE_TTL_MS } from '../../src/profiles/apply-script';
import { FeatureStore } from '../../src/profiles/feature-store';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

const day = 86_400_000;

describe("a shopper's feature keys expire when the shopper is long gone, and live while they are active", () => {
  let redis: Redis;
  let prefix: string;
  let store: FeatureStore;
  beforeEach(() => {
    redis = new Redis(REDIS);
    prefix = testPrefix();
    store = new FeatureStore({ redis, prefix });
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const ev = (id: string, type: string, at: number, payload: Record<string, unknown>): KefuEvent => ({
    id,
    type,
    userId: 's1',
    at,
    payload,
  });

  it('state, orders, coupon orders and channels get a 400-day expiry with the bucket hash, renewed by a new day of activity', async () => {
    const now = Date.now();
    await store.apply([
      ev('v', 'product_view', now, { productId: 'p1', category: '服饰', price: 99 }),
      ev('p', 'order_paid', now, { orderId: 'o1', amount: 99, channel: 'web', couponCode: 'C1' }),
    ]);
    const keys = store.keys.all('s1');
    for (const key of [keys.s, keys.o, keys.cu, keys.ch]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(STATE_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(STATE_TTL_MS);
    }
    expect(await redis.pttl(keys.b)).toBeGreaterThan(BUCKET_HASH_TTL_MS - 60_000);

    // the shopper comes back on another day (a new day bucket): the expiry starts again
    await redis.pexpire(keys.s, 5 * day);
    await store.apply([ev('v2', 'product_view', now + day, { productId: 'p1', category: '服饰', price: 99 })]);
    expect(await redis.pttl(keys.s)).toBeGreaterThan(STATE_TTL_MS - 60_000);
    expect(await store.features('s1', now + day)).toMatchObject({ total_spent: 99, orders_365d: 1 });
  });

  it('keys first written later on a day that already had its bucket (no new day bucket) still get the expiry', async () => {
    const now = Date.now();
    await store.apply([ev('v', 'product_view', now, { productId: 'p1', category: '服饰', price: 99 })]);
    // the same kind of event later that day, now naming a channel: no new day bucket, a new channels key
    await store.apply([ev('v2', 'product_view', now + 1000, { productId: 'p1', category: '服饰', price: 99, channel: 'app' })]);
    const keys = store.keys.all('s1');
    expect(await redis.smembers(keys.ch)).toEqual(['app']);
    expect(await redis.pttl(keys.ch)).toBeGreaterThan(STATE_TTL_MS - 60_000);
  });
});
