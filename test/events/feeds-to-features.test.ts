import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { followCommerceEvents } from '../../src/events/commerce-feed';
import { subscribeRedisEvents, type EventSubscription } from '../../src/events/redis-events';
import { FeatureConsumer } from '../../src/profiles/feature-consumer';
import { FeatureStore } from '../../src/profiles/feature-store';
import { pollUntil } from '../helpers/wait-until';

const logger = createLogger({ level: 'silent', name: 'test' });

describe("events from the Redis list and the commerce feed reach the shopper's features, as POST /events does", () => {
  let redis: Redis;
  let prefix: string;
  let streams: EventStreams;
  let store: FeatureStore;
  let consumer: FeatureConsumer;
  const subs: EventSubscription[] = [];
  /** Outreach, as the scheduler: records what it handled. */
  const outreach = () => {
    const handled: KefuEvent[] = [];
    return { handled, handleEvent: async (e: KefuEvent) => void handled.push(e) };
  };

  beforeEach(async () => {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
    prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
    streams = new EventStreams({ redis, prefix, partitions: 2 });
    store = new FeatureStore({ redis, prefix });
    consumer = new FeatureConsumer({ streams, store, logger, blockMs: 20 });
    await consumer.start();
  });
  afterEach(async () => {
    await Promise.all(subs.splice(0).map((s) => s.stop()));
    await consumer.stop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a paid order and a product view pushed to the Redis list: outreach gets both as before, and so do the features', async () => {
    const handler = outreach();
    subs.push(subscribeRedisEvents(redis, `${prefix}:events:in`, { redis, prefix, handler, streams }, undefined, { retryDelayMs: 20 }));
    const now = Date.now();
    await redis.rpush(
      `${prefix}:events:in`,
      JSON.stringify([
        { id: 'l-1', type: 'product_view', userId: 'u-list', at: now - 1000, payload: { productId: 'coat', category: '服饰', price: 599 } },
        { id: 'l-2', type: 'order_paid', userId: 'u-list', at: now, payload: { orderId: 'o-9', amount: 599 } },
        { id: 'l-bad', type: 'order_paid', userId: 'u-list', payload: 'not an object' },
      ]),
    );
    const features = await pollUntil(
      () => store.features('u-list'),
      (f) => f.total_spent === 599 && f.product_view_10m === 1,
      5000,
      "u-list's features",
    );
    expect(features).toMatchObject({ orders_365d: 1, preferred_categories: ['服饰'] });
    expect(handler.handled.map((e) => e.id)).toEqual(['l-1', 'l-2']);
  });

  it('an event the per-type checks refuse (an empty couponCode) still reaches outreach, only not the features', async () => {
    const handler = outreach();
    subs.push(subscribeRedisEvents(redis, `${prefix}:events:in`, { redis, prefix, handler, streams }, undefined, { retryDelayMs: 20 }));
    await redis.rpush(
      `${prefix}:events:in`,
      JSON.stringify([
        { id: 'c-1', type: 'order_paid', userId: 'u-c', at: Date.now(), payload: { orderId: 'o-1', amount: 50, couponCode: '' } },
        { id: 'c-2', type: 'product_view', userId: 'u-c', at: Date.now(), payload: { productId: 'p-1' } },
      ]),
    );
    await pollUntil(
      () => store.features('u-c'),
      (f) => f.product_view_10m === 1,
      5000,
      "u-c's product_view_10m",
    );
    expect(handler.handled.map((e) => e.id)).toEqual(['c-1', 'c-2']);
    expect((await store.features('u-c')).total_spent).toBe(0);
  });

  it('a coupon issued by the shop reaches the features through the commerce feed', async () => {
    const commerce = new DemoCommerce();
    const handler = outreach();
    subs.push(followCommerceEvents(commerce, { redis, prefix, handler, streams }, { intervalMs: 20 }));
    await commerce.issueCoupon('u-feed', 'NEW_USER_20');
    const features = await pollUntil(
      () => store.features('u-feed'),
      (f) => f.coupon_issued_24h === 1,
      5000,
      "u-feed's coupon_issued_24h",
    );
    expect(features.coupon_issued_30d).toBe(1);
    expect(handler.handled.map((e) => e.type)).toEqual(['coupon_issued']);
  });
});
