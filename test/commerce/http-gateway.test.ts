import { createCommerce } from '../../src/commerce/create-commerce';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { HttpCommerce } from '../../src/commerce/http-gateway';
import { ConfigError, DependencyError } from '../../src/core/errors';
import { startFakeMerchant, type FakeMerchant } from './fake-merchant';

const TOKEN = 'test-token-123';

describe('HttpCommerce against a loopback merchant API', () => {
  let fake: FakeMerchant;
  let api: HttpCommerce;
  beforeAll(async () => {
    fake = await startFakeMerchant(TOKEN);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    api = new HttpCommerce({ baseUrl: `${fake.url}/`, token: TOKEN, timeoutMs: 2000 });
    fake.delayMs = 0;
    fake.seen.length = 0;
  });

  it('reads products, search and recommendations with the bearer token', async () => {
    expect((await api.getProduct('P1001'))?.title).toBe('加绒连帽卫衣');
    expect(await api.getProduct('NOPE')).toBeUndefined();
    expect((await api.searchProducts('蓝牙耳机'))[0].category).toBe('electronics');
    const recs = await api.recommend({ userId: 'u-demo-2', category: 'baby', limit: 2 });
    expect(recs).toHaveLength(2);
    expect(recs.every((p) => p.category === 'baby')).toBe(true);
    expect(fake.seen.map((s) => s.line)).toContain('GET /users/u-demo-2/recommendations?category=baby&limit=2');
    expect(fake.seen.every((s) => s.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('reads orders, an order and its logistics; encodes Chinese queries', async () => {
    const orders = await api.listOrders('u-demo-1');
    expect(orders.length).toBeGreaterThan(3);
    expect((await api.getOrder(orders[0].id))?.id).toBe(orders[0].id);
    expect((await api.getLogistics('20251115100005'))?.carrier).toBe('中通');
    expect(await api.getLogistics('20251118100006')).toBeUndefined();
    await api.searchProducts('卫衣 XL');
    expect(fake.seen.at(-1)?.line).toBe(`GET /products?q=${encodeURIComponent('卫衣 XL')}&limit=5`);
  });

  it('pages through the event feed with a cursor', async () => {
    await api.issueCoupon('u-feed-http', 'NEW_USER_20');
    const first = await api.events(undefined, 10);
    expect(first.events.map((e) => [e.type, e.userId])).toContainEqual(['coupon_issued', 'u-feed-http']);
    const next = await api.events(first.cursor, 10);
    expect(next.events).toEqual([]);
    expect(fake.seen.map((s) => s.line)).toContain(`GET /events?limit=10&after=${encodeURIComponent(first.cursor!)}`);
  });

  it('changes orders and issues coupons, passing the merchant refusal through', async () => {
    expect((await api.updateOrder('20251117300001', { address: '深圳市福田区 2 号' })).address).toBe('深圳市福田区 2 号');
    const err = await api.updateOrder('20251115100005', { cancel: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyError);
    expect(String((err as Error).message)).toMatch(/HTTP 409.*can no longer be changed/);
    const c1 = await api.issueCoupon('u-x', 'NEW_USER_20');
    expect((await api.issueCoupon('u-x', 'NEW_USER_20')).code).toBe(c1.code);
    expect(await api.listCoupons('u-x')).toHaveLength(1);
  });

  it('explains a refused token without echoing it', async () => {
    const bad = new HttpCommerce({ baseUrl: fake.url, token: 'wrong-secret' });
    const err = (await bad.listOrders('u-demo-1').catch((e: unknown) => e)) as DependencyError;
    expect(err).toBeInstanceOf(DependencyError);
    expect(err.message).toMatch(/HTTP 401.*KEFU_COMMERCE_TOKEN/);
    expect(err.message).not.toContain('wrong-secret');
  });

  it('times out with a DependencyError saying what to check', async () => {
    fake.delayMs = 300;
    const slow = new HttpCommerce({ baseUrl: fake.url, token: TOKEN, timeoutMs: 50 });
    await expect(slow.listOrders('u-demo-1')).rejects.toThrow(
      /did not answer GET \/users\/u-demo-1\/orders within 50 ms.*KEFU_COMMERCE_URL/,
    );
  });

  it('reports an unreachable server', async () => {
    const down = new HttpCommerce({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000 });
    await expect(down.getOrder('x')).rejects.toThrow(/could not be reached/);
  });
});

describe('createCommerce', () => {
  it('builds the demo store by default and the HTTP connector when asked', () => {
    expect(createCommerce({ commerce: 'demo' })).toBeInstanceOf(DemoCommerce);
    expect(createCommerce({ commerce: 'http', commerceUrl: 'http://127.0.0.1:9/api' })).toBeInstanceOf(HttpCommerce);
  });

  it('refuses http without a URL, naming the variable', () => {
    expect(() => createCommerce({ commerce: 'http' })).toThrow(ConfigError);
    expect(() => createCommerce({ commerce: 'http' })).toThrow(/KEFU_COMMERCE_URL/);
  });
});
