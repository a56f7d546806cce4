import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DemoCommerce } from '../../src/commerce/demo-store';
import type { KefuEvent } from '../../src/events/event';
import { followCommerceEvents } from '../../src/events/commerce-feed';

describe('outreach follows the commerce event feed', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `kefu-test-feed-${randomUUID().slice(0, 8)}`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const until = async (check: () => boolean, ms = 5000): Promise<void> => {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  };

  it('ingests coupons issued and orders changed, once each, and resumes from the stored cursor', async () => {
    const commerce = new DemoCommerce();
    const seen: KefuEvent[] = [];
    const handler = { handleEvent: async (e: KefuEvent) => void seen.push(e) };
    const first = followCommerceEvents(commerce, { redis, prefix, handler }, { intervalMs: 20 });
    await commerce.issueCoupon('u-feed-1', 'NEW_USER_20');
    await commerce.issueCoupon('u-feed-1', 'NEW_USER_20'); // idempotent: no second event
    await until(() => seen.length >= 1);
    await first.stop();
    expect(seen.map((e) => [e.type, e.userId])).toEqual([['coupon_issued', 'u-feed-1']]);
    expect(seen[0]!.payload).toMatchObject({ templateId: 'NEW_USER_20' });

    const unpaid = (await commerce.listOrders('u-demo-1')).find((o) => o.status === 'unpaid')!;
    await commerce.updateOrder(unpaid.id, { cancel: true });
    const second = followCommerceEvents(commerce, { redis, prefix, handler }, { intervalMs: 20 });
    await until(() => seen.length >= 2);
    await new Promise((r) => setTimeout(r, 100)); // a few more polls: nothing is delivered twice
    await second.stop();
    expect(seen.map((e) => e.type)).toEqual(['coupon_issued', 'order_cancelled']);
    expect(seen[1]!.payload).toEqual({ orderId: unpaid.id });
  });
});
