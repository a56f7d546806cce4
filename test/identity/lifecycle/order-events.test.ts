import { lifecycleView } from '../../../src/core/lifecycle';
import type { KefuEvent } from '../../../src/events/event';
import { ingestEvents } from '../../../src/events/ingest';
import { withLifecycle } from '../../../src/identity/lifecycle';
import { createHarness, type KefuHarness } from '../../helpers/kefu-harness';

const DAY = 86_400_000;

/** Lifecycle transitions from order events: real Redis (event dedupe) and SQLite (order ledger, users). */
describe('customer lifecycle from order events', () => {
  let kefu: KefuHarness;
  beforeAll(async () => {
    kefu = await createHarness();
  });
  afterAll(async () => kefu?.close());

  const ingest = (events: unknown[], seen: KefuEvent[] = []) =>
    ingestEvents(
      {
        redis: kefu.core.redis.redis,
        prefix: kefu.config.redisPrefix,
        // what runs after the lifecycle (outreach in kefu) sees the profile the event produced
        handler: withLifecycle({ handleEvent: async (e) => void seen.push(e) }, kefu.core.orders),
      },
      events,
    );
  const view = async (userId: string, now: number) => lifecycleView((await kefu.core.userStore.get(userId))!, now);

  it('new → first order (paid) → returning (delivered), the same order counted once', async () => {
    const { id } = await kefu.core.users.resolve('web', 'lifecycle-1');
    const t0 = Date.parse('2025-11-01T10:00:00Z');
    expect(await view(id, t0)).toEqual({ isNew: true, lifecycle: 'new', orders: 0, daysSinceLastOrder: null });

    await ingest([{ id: 'lc1-created', type: 'order_created', userId: id, at: t0, payload: { orderId: 'LC-1' } }]);
    expect(await view(id, t0)).toMatchObject({ isNew: true, lifecycle: 'new', orders: 0 }); // an unpaid order is no order yet

    await ingest([{ id: 'lc1-paid', type: 'order_paid', userId: id, at: t0 + 60_000, payload: { orderId: 'LC-1' } }]);
    expect(await view(id, t0 + 2 * DAY)).toEqual({ isNew: false, lifecycle: 'first_order', orders: 1, daysSinceLastOrder: 2 });

    // the same event again (deduped by id) and other events of the same order do not count it twice
    const again = await ingest([
      { id: 'lc1-paid', type: 'order_paid', userId: id, at: t0 + 60_000, payload: { orderId: 'LC-1' } },
      { id: 'lc1-shipped', type: 'order_shipped', userId: id, at: t0 + DAY, payload: { orderId: 'LC-1' } },
    ]);
    expect(again.accepted.map((a) => a.duplicate)).toEqual([true, false]);
    expect(await view(id, t0 + 2 * DAY)).toMatchObject({ lifecycle: 'first_order', orders: 1 });

    await ingest([
      { id: 'lc1-delivered', type: 'order_delivered', userId: id, at: t0 + 3 * DAY, payload: { orderId: 'LC-1', title: '洗面奶' } },
    ]);
    expect(await view(id, t0 + 10 * DAY)).toEqual({ isNew: false, lifecycle: 'returning', orders: 1, daysSinceLastOrder: 10 });
    expect((await kefu.core.userStore.get(id))!.isNew).toBe(false);
  });

  it('a second paid order makes a returning customer; a cancelled one does not count', async () => {
    const { id } = await kefu.core.users.resolve('web', 'lifecycle-2');
    const t0 = Date.parse('2025-10-01T10:00:00Z');
    await ingest([{ id: 'lc2-a-paid', type: 'order_paid', userId: id, at: t0, payload: { orderId: 'LC-2A' } }]);
    await ingest([
      { id: 'lc2-b-paid', type: 'order_paid', userId: id, at: t0 + 5 * DAY, payload: { orderId: 'LC-2B' } },
      { id: 'lc2-b-cancelled', type: 'order_cancelled', userId: id, at: t0 + 5 * DAY + 1000, payload: { orderId: 'LC-2B' } },
    ]);
    expect(await view(id, t0 + 6 * DAY)).toEqual({ isNew: false, lifecycle: 'first_order', orders: 1, daysSinceLastOrder: 6 });
    const seen: KefuEvent[] = [];
    await ingest([{ id: 'lc2-c-paid', type: 'order_paid', userId: id, at: t0 + 20 * DAY, payload: { orderId: 'LC-2C' } }], seen);
    expect(await view(id, t0 + 20 * DAY)).toEqual({ isNew: false, lifecycle: 'returning', orders: 2, daysSinceLastOrder: 0 });
    expect(seen.map((e) => e.id)).toEqual(['lc2-c-paid']); // the event still goes on to outreach
  });

  it('order events without an order id or of unknown shoppers change nothing and are still accepted', async () => {
    const { id } = await kefu.core.users.resolve('web', 'lifecycle-3');
    const result = await ingest([
      { id: 'lc3-no-order', type: 'order_paid', userId: id, payload: {} },
      { id: 'lc3-stranger', type: 'order_paid', userId: 'nobody-here', payload: { orderId: 'LC-3X' } },
    ]);
    expect(result.rejected).toEqual([]);
    expect((await view(id, Date.now())).lifecycle).toBe('new');
  });
});
