import { outboundToText, type OutboundMessage } from '../../../src/core/message';
import { HttpCommerce } from '../../../src/commerce/http-gateway';
import { DemoCommerce } from '../../../src/commerce/demo-store';
import { MemoryDemoShopStore } from '../../../src/commerce/demo-shop-store';
import { createHarness, type KefuHarness } from '../../helpers/kefu-harness';
import { startFakeMerchant, type FakeMerchant } from '../../commerce/fake-merchant';
import { OrderRefresher } from '../../../src/identity/lifecycle';
import { pollUntil } from '../../helpers/wait-until';

const TOKEN = 'merchant-token-lifecycle';
const MIN = 60_000;

/**
 * The lifecycle from the merchant API (KEFU_COMMERCE=http, the loopback fake merchant): asked when a visit starts,
 * not on every message; a second visit of a new shopper gets no second new-customer coupon.
 */
describe('customer lifecycle refreshed from the merchant API', () => {
  let kefu: KefuHarness;
  let merchant: FakeMerchant;
  const store = new MemoryDemoShopStore();
  let clock = Date.parse('2025-11-20T02:00:00Z');
  let sent = 0;

  beforeAll(async () => {
    merchant = await startFakeMerchant(TOKEN, new DemoCommerce({ store, now: () => clock }));
    kefu = await createHarness({}, { commerce: new HttpCommerce({ baseUrl: merchant.url, token: TOKEN }), now: () => clock });
  });
  afterAll(async () => {
    await kefu?.close();
    await merchant?.close();
  });

  const turn = async (shopper: string, text: string): Promise<OutboundMessage[]> => {
    const ref = { channel: kefu.channel.name, conversationId: `c-${shopper}`, userId: shopper };
    await kefu.channel.handler!({ id: `m-${++sent}`, ref, kind: 'text', text, receivedAt: clock });
    return kefu.channel.take(ref);
  };
  const texts = (replies: OutboundMessage[]) => replies.map((r) => outboundToText(r)).join('\n');
  const orderCalls = () => merchant.seen.filter((s) => /^GET \/users\/[^/]+\/orders$/.test(s.line)).length;
  const coupons = (replies: OutboundMessage[]) => replies.flatMap((r) => (r.type === 'coupon_card' ? [r.coupon.title] : []));

  it('new shopper: one coupon on the first visit, a welcome back on the second, returning after an order', async () => {
    const first = await turn('shopper-1', '你好');
    expect(texts(first)).toContain('第一次来');
    expect(coupons(first)).toEqual(['新人专享券']);
    expect(orderCalls()).toBe(1);
    await turn('shopper-1', '没有呢还在看');

    clock += 2 * MIN; // a second visit soon after: kefu does not ask the shop again
    const second = await turn('shopper-1', '你好');
    expect(texts(second)).toContain('欢迎回来～上次送您的新人券还在账户里');
    expect(coupons(second)).toEqual([]);
    expect(orderCalls()).toBe(1);
    await turn('shopper-1', '没有呢还在看');

    // the shopper buys in the shop; the next visit after the refresh interval sees it
    const user = await kefu.core.users.resolve(kefu.channel.name, 'shopper-1');
    await store.addOrders([
      {
        id: 'MR-1',
        userId: user.id,
        status: 'paid',
        items: [],
        total: 99,
        createdAt: new Date(clock).toISOString(),
        paidAt: new Date(clock).toISOString(),
      },
    ]);
    clock += 11 * MIN;
    const third = await turn('shopper-1', '你好');
    expect(orderCalls()).toBe(2);
    expect(texts(third)).toContain('欢迎回来～又见面啦');
    expect(coupons(third)).toEqual(['老客回购券']);
    expect(await kefu.core.userStore.get(user.id)).toMatchObject({ isNew: false, orders: { count: 1 } });
  });

  it('a slow shop holds a turn at most waitMs (its late answer is still kept); a failing one is not asked again at once', async () => {
    const user = await kefu.core.users.resolve(kefu.channel.name, 'shopper-2');
    const slow = new OrderRefresher(new HttpCommerce({ baseUrl: merchant.url, token: TOKEN }), kefu.core.orders, {
      waitMs: 200,
      now: () => clock,
    });
    merchant.delayMs = 1000;
    const started = Date.now();
    expect(await slow.refresh(user)).toEqual(user);
    expect(Date.now() - started).toBeLessThan(900);
    merchant.delayMs = 0;
    await pollUntil(
      () => kefu.core.userStore.get(user.id),
      (u) => u?.orders?.checkedAt !== undefined,
      5000,
      'the late answer recorded',
    );

    const errors: unknown[] = [];
    const wrongToken = new OrderRefresher(new HttpCommerce({ baseUrl: merchant.url, token: 'wrong' }), kefu.core.orders, {
      now: () => clock,
      onError: (err) => errors.push(err),
    });
    const stranger = await kefu.core.users.resolve(kefu.channel.name, 'shopper-3');
    const before = orderCalls();
    expect(await wrongToken.refresh(stranger)).toEqual(stranger);
    expect(await wrongToken.refresh(stranger)).toEqual(stranger);
    expect(orderCalls()).toBe(before + 1);
    expect(errors).toHaveLength(1);
  });
});
