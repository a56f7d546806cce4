import { DemoCommerce } from '../../src/commerce/demo-store';
import { parseCategory } from '../../src/commerce/categories';
import { KefuError } from '../../src/core/errors';

const NOW = Date.parse('2025-11-20T10:00:00+08:00');

describe('DemoCommerce', () => {
  let shop: DemoCommerce;
  beforeEach(() => {
    shop = new DemoCommerce({ now: () => NOW });
  });

  it('ships a catalogue of a few dozen products across all six categories', async () => {
    const cats = new Set<string>();
    for (const q of ['服饰', '美妆', '数码', '食品', '家居', '母婴']) {
      for (const p of await shop.searchProducts(q, 50)) cats.add(p.category);
    }
    expect([...cats].sort()).toEqual(['apparel', 'baby', 'beauty', 'electronics', 'food', 'home']);
  });

  it('finds a product by a Chinese keyword inside a whole sentence', async () => {
    const [hit] = await shop.searchProducts('这件卫衣有XL吗');
    expect(hit.title).toContain('卫衣');
    expect(hit.variants.some((v) => v.options.size === 'XXXL' && v.stock === 0)).toBe(true);
  });

  it('finds products by title substring and returns nothing for gibberish', async () => {
    expect((await shop.searchProducts('洗面奶'))[0].title).toBe('氨基酸温和洗面奶');
    expect(await shop.searchProducts('火箭发动机')).toEqual([]);
  });

  it('recommends within an explicit category, in stock only', async () => {
    const recs = await shop.recommend({ userId: 'u-new', category: 'electronics', limit: 10 });
    expect(recs.length).toBeGreaterThan(2);
    for (const p of recs) {
      expect(p.category).toBe('electronics');
      expect(p.variants.some((v) => v.stock > 0)).toBe(true);
    }
  });

  it('puts repurchase-due consumables first and skips items bought recently', async () => {
    const recs = await shop.recommend({ userId: 'u-demo-1', limit: 5 });
    // The face wash bought in September (60-day cycle) is due again.
    expect(recs[0].id).toBe('P2001');
    // The mask bought two days ago is not recommended again.
    expect(recs.map((p) => p.id)).not.toContain('P2002');
  });

  it('lists orders newest first and finds one by id', async () => {
    const orders = await shop.listOrders('u-demo-1');
    expect(orders[0].status).toBe('unpaid');
    expect(new Set(orders.map((o) => o.status)).size).toBe(7);
    expect((await shop.getOrder(orders[2].id))?.id).toBe(orders[2].id);
    expect(await shop.getOrder('nope')).toBeUndefined();
  });

  it('returns logistics for shipped orders only', async () => {
    const track = await shop.getLogistics('20251115100005');
    expect(track).toMatchObject({ carrier: '中通', status: 'in_transit' });
    expect(track!.events.length).toBeGreaterThan(1);
    expect(await shop.getLogistics('20251118100006')).toBeUndefined();
  });

  it('changes the address of a paid order and cancels an unpaid one', async () => {
    const changed = await shop.updateOrder('20251118100006', { address: '杭州市滨江区 1 号' });
    expect(changed.address).toBe('杭州市滨江区 1 号');
    expect((await shop.updateOrder('20251119100007', { cancel: true })).status).toBe('cancelled');
  });

  it('refuses to change a shipped order with an explanation', async () => {
    await expect(shop.updateOrder('20251115100005', { cancel: true })).rejects.toThrow(/shipped.*can no longer be changed/);
    await expect(shop.updateOrder('20251115100005', { cancel: true })).rejects.toBeInstanceOf(KefuError);
    expect((await shop.getOrder('20251115100005'))?.status).toBe('shipped');
  });

  it('issues coupons idempotently per user and template', async () => {
    const first = await shop.issueCoupon('u-9', 'NEW_USER_20');
    const again = await shop.issueCoupon('u-9', 'NEW_USER_20');
    const other = await shop.issueCoupon('u-8', 'NEW_USER_20');
    expect(again.code).toBe(first.code);
    expect(other.code).not.toBe(first.code);
    expect(first).toMatchObject({ amount: 20, minSpend: 99 });
    expect(Date.parse(first.expiresAt) - NOW).toBe(7 * 86_400_000);
    expect(await shop.listCoupons('u-9')).toHaveLength(1);
  });

  it('rejects an unknown coupon template naming the known ones', async () => {
    await expect(shop.issueCoupon('u-9', 'FREE_MONEY')).rejects.toThrow(/NEW_USER_20/);
  });

  it('keeps stores independent (fixtures are copied)', async () => {
    await shop.updateOrder('20251119100007', { cancel: true });
    const fresh = new DemoCommerce({ now: () => NOW });
    expect((await fresh.getOrder('20251119100007'))?.status).toBe('unpaid');
  });
});

describe('parseCategory', () => {
  it.each([
    ['美妆', 'beauty'],
    ['beauty', 'beauty'],
    ['护肤', 'beauty'],
    ['想看看母婴用品', 'baby'],
    ['随便', undefined],
    ['', undefined],
  ])('%s → %s', (input, expected) => {
    expect(parseCategory(input)).toBe(expected);
  });
});

describe('search by a shade or colour only one product has', () => {
  it('"豆沙色还有吗" finds the lipstick; 黑色 (many products) names none of them', async () => {
    const shop = new DemoCommerce();
    expect((await shop.searchProducts('豆沙色还有吗', 1))[0]?.title).toContain('口红');
    const black = await shop.searchProducts('有黑色吗', 5);
    expect(black).toEqual([]);
  });
});

describe('purchases: what the customer lifecycle reads', () => {
  it('never seeds sample orders and leaves them out once seeded; fixture purchases count', async () => {
    const shop = new DemoCommerce({ seedShopperOrders: true });
    expect(await shop.purchases('w-new')).toEqual([]);
    expect(await shop.listOrders('w-new')).toHaveLength(3); // seeded now, for tracking and returns
    expect(await shop.purchases('w-new')).toEqual([]);
    expect((await shop.purchases('u-demo-1')).length).toBeGreaterThan(0);
  });
});
