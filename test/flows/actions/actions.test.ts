import { BUILTIN_ACTIONS, createActionRegistry, MemoryServiceRecords } from '../../../src/flows/actions';
import type { ActionRegistry } from '../../../src/flows/engine-types';
import { makeContext, NOW } from './make-context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- action results are plain JSON read loosely in assertions
type R = Record<string, any>;

describe('createActionRegistry', () => {
  let reg: ActionRegistry;
  const run = async (name: string, args: Record<string, unknown>, ctx = makeContext().ctx): Promise<R> => (await reg.get(name)!(args, ctx)) as R;
  beforeEach(() => {
    reg = createActionRegistry();
  });

  it('registers every built-in action and accepts extra ones', () => {
    expect(BUILTIN_ACTIONS).toEqual(
      expect.arrayContaining(['coupon.issue', 'coupon.list', 'product.search', 'product.recommend', 'product.stock', 'order.latest', 'order.lookup', 'order.change', 'logistics.track', 'handoff.human', 'user.tag', 'user.opt_out', 'invoice.request', 'complaint.record']),
    );
    const custom = createActionRegistry({ 'crm.note': async () => ({ ok: true }) });
    expect(custom.has('crm.note')).toBe(true);
    expect(custom.has('nope')).toBe(false);
    expect(custom.get('nope')).toBeUndefined();
  });

  it('coupon.issue gives a card-ready coupon with a Chinese summary, idempotently', async () => {
    const { ctx } = makeContext('u-new');
    const c = await run('coupon.issue', { template: 'NEW_USER_20' }, ctx);
    expect(c).toMatchObject({ title: '新人专享券', amount: 20, minSpend: 99, rule: '满99减20' });
    expect(c.summary).toContain('满99减20');
    expect(c.summary).toContain('11月27日前有效');
    expect((await run('coupon.issue', { template: 'NEW_USER_20' }, ctx)).code).toBe(c.code);
    const list = await run('coupon.list', {}, ctx);
    expect(list.count).toBe(1);
    expect(list.summary).toContain('新人专享券');
  });

  it('coupon.issue without a template fails with a hint', async () => {
    await expect(run('coupon.issue', { template: '' })).rejects.toThrow(/needs the argument 'template'/);
  });

  it('coupon.list says so when there are none', async () => {
    expect((await run('coupon.list', {})).summary).toContain('没有可用的优惠券');
  });

  it('product.search returns ProductCard-ready items', async () => {
    const r = await run('product.search', { query: '降噪耳机' });
    expect(r.count).toBeGreaterThan(0);
    expect(r.items[0]).toMatchObject({ id: 'P3001', title: '主动降噪蓝牙耳机', price: 299 });
    expect(typeof r.items[0].subtitle).toBe('string');
    expect((await run('product.search', { query: '' })).count).toBe(0);
  });

  it('product.recommend accepts Chinese category names and keys', async () => {
    const zh = await run('product.recommend', { category: '母婴', limit: 2 });
    const key = await run('product.recommend', { category: 'baby', limit: '2' });
    expect(zh.items).toHaveLength(2);
    expect(zh.items.every((p: R) => p.category === 'baby')).toBe(true);
    expect(key.items.map((p: R) => p.id)).toEqual(zh.items.map((p: R) => p.id));
    expect(zh.summary).toContain('母婴');
  });

  it('product.recommend for a returning shopper starts with a repurchase-due item', async () => {
    const r = await run('product.recommend', {});
    expect(r.items[0].id).toBe('P2001');
  });

  it('order.latest and order.lookup find the shopper’s orders only', async () => {
    const latest = await run('order.latest', {});
    expect(latest).toMatchObject({ found: true, order: { id: '20251119100007', status: '待付款' } });
    const byId = await run('order.lookup', { orderId: '20251115100005' });
    expect(byId.order.logistics).toContain('中通');
    const foreign = await run('order.lookup', { orderId: '20251010200001' });
    expect(foreign.found).toBe(false);
    expect((await run('order.lookup', {}, makeContext('u-nobody').ctx)).summary).toContain('没有查到');
  });

  it('logistics.track picks the latest shipped order and describes the last event', async () => {
    const r = await run('logistics.track', {});
    expect(r).toMatchObject({ found: true, shipped: true, order: { id: '20251115100005' } });
    expect(r.summary).toMatch(/中通.*运输中.*杭州转运中心/);
    const notYet = await run('logistics.track', { orderId: '20251118100006' });
    expect(notYet).toMatchObject({ found: true, shipped: false });
    expect(notYet.summary).toContain('48 小时内');
  });

  it('order.change changes an unshipped order and refuses a shipped one gently', async () => {
    const { ctx, commerce } = makeContext('u-demo-3');
    const ok = await run('order.change', { orderId: '20251117300001', address: '深圳市福田区 9 号' }, ctx);
    expect(ok.ok).toBe(true);
    expect((await commerce.getOrder('20251117300001'))?.address).toBe('深圳市福田区 9 号');
    const refused = await run('order.change', { orderId: '20250820300002', cancel: true }, ctx);
    expect(refused.ok).toBe(false);
    expect(refused.summary).toContain('转人工');
    await expect(run('order.change', { orderId: '20251117300001' }, ctx)).rejects.toThrow(/address' or 'cancel/);
  });

  it('order.change cancels the latest unshipped order when no id is given', async () => {
    const { ctx, commerce } = makeContext();
    const r = await run('order.change', { cancel: 'true' }, ctx);
    expect(r).toMatchObject({ ok: true, order: { id: '20251119100007', status: '已取消' } });
    expect((await commerce.getOrder('20251119100007'))?.status).toBe('cancelled');
  });

  it('handoff.human asks the engine to hand off', async () => {
    const { ctx, handoffs } = makeContext();
    expect(await run('handoff.human', { reason: '顾客要求' }, ctx)).toEqual({ requested: true, reason: '顾客要求' });
    expect(handoffs).toEqual(['顾客要求']);
  });

  it('user.tag adds a tag once', async () => {
    const { ctx, patches } = makeContext('u-1', { tags: ['vip'] });
    expect(await run('user.tag', { tag: 'unsubscribed' }, ctx)).toMatchObject({ added: true, tags: ['vip', 'unsubscribed'] });
    expect(patches).toEqual([{ tags: ['vip', 'unsubscribed'] }]);
    const again = makeContext('u-1', { tags: ['unsubscribed'] });
    expect((await run('user.tag', { tag: 'unsubscribed' }, again.ctx)).added).toBe(false);
    expect(again.patches).toEqual([]);
  });

  it('user.opt_out opts the shopper out and tags unsubscribed once', async () => {
    const { ctx, patches } = makeContext('u-1', { tags: ['vip'] });
    expect(await run('user.opt_out', {}, ctx)).toEqual({ optedOut: true, added: true, tags: ['vip', 'unsubscribed'] });
    expect(patches).toEqual([{ optedOut: true, tags: ['vip', 'unsubscribed'] }]);
    const again = makeContext('u-1', { tags: ['unsubscribed'] });
    expect((await run('user.opt_out', {}, again.ctx)).added).toBe(false);
    expect(again.patches).toEqual([{ optedOut: true }]);
  });

  it('invoice.request and complaint.record store requests with reference numbers', async () => {
    const records = new MemoryServiceRecords();
    reg = createActionRegistry({}, { records });
    const { ctx, patches } = makeContext();
    const inv = await run('invoice.request', { orderId: '20250903100001', title: '杭州某某科技有限公司' }, ctx);
    expect(inv).toMatchObject({ ok: true, ref: 'FP20251120-0001', orderId: '20250903100001' });
    const unpaid = await run('invoice.request', { orderId: '20251119100007' }, ctx);
    expect(unpaid.ok).toBe(false);
    const comp = await run('complaint.record', { text: '客服回复太慢了' }, ctx);
    expect(comp.ref).toBe('TS20251120-0001');
    expect(patches).toEqual([{ tags: ['complained'] }]);
    const stored = await records.list({ userId: 'u-demo-1' });
    expect(stored.map((r) => r.kind)).toEqual(['complaint', 'invoice']); // newest first
    expect(stored.map((r) => r.status)).toEqual(['open', 'open']);
    expect(stored[0].createdAt).toBe(new Date(NOW).toISOString());
  });
});
