import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { DemoCommerce } from '../../src/commerce/demo-store';
import { demoShopperOrderIds } from '../../src/commerce/demo-shopper-orders';
import { createDataSource, TypeormDemoShopStore } from '../../src/store';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T10:00:00+08:00');

describe('the demo shop on a SQLite file (seeded orders, coupon codes)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-demo-shop-'));
  const url = `sqlite:${path.join(dir, 'shop.sqlite')}`;
  const open: DataSource[] = [];
  /** A DemoCommerce as `kefu start` builds it, on its own connection to the shared file (a process). */
  const shop = async (now = NOW): Promise<DemoCommerce> => {
    const ds = await createDataSource(url);
    open.push(ds);
    return new DemoCommerce({ now: () => now, store: new TypeormDemoShopStore(ds), seedShopperOrders: true });
  };
  afterAll(async () => {
    for (const ds of open) if (ds.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives any new shopper a shipped, a paid and a delivered order with ids derived from the user id', async () => {
    const a = await shop();
    const orders = await a.listOrders('u_web_Vx3kq9');
    expect(orders.map((o) => o.status)).toEqual(['paid', 'shipped', 'delivered']); // newest first
    expect(orders.map((o) => o.id).sort()).toEqual([...demoShopperOrderIds('u_web_Vx3kq9')].sort());
    expect(orders.every((o) => /^\d{14}$/.test(o.id) && o.userId === 'u_web_Vx3kq9')).toBe(true);
    const shipped = orders.find((o) => o.status === 'shipped')!;
    expect(await a.getLogistics(shipped.id)).toMatchObject({ carrier: '顺丰', status: 'in_transit', trackingNo: shipped.trackingNo });
    const delivered = orders.find((o) => o.status === 'delivered')!;
    expect(NOW - Date.parse(delivered.createdAt)).toBeLessThan(7 * DAY); // still inside the 7-day return window
    expect((await a.listOrders('u_web_other')).map((o) => o.id)).not.toContain(shipped.id);
  });

  it('keeps a cancel and an address change across a restart and in another process', async () => {
    const first = await shop();
    const [, paidId] = demoShopperOrderIds('u-cancel');
    await first.listOrders('u-cancel');
    await first.updateOrder(paidId, { cancel: true });
    const second = await shop(NOW + DAY); // a restart a day later: nothing is seeded again
    expect((await second.getOrder(paidId))?.status).toBe('cancelled');
    expect((await second.listOrders('u-cancel')).map((o) => o.status).sort()).toEqual(['cancelled', 'delivered', 'shipped']);
    await second.updateOrder('20251118100006', { address: '杭州市滨江区 1 号' }); // a fixture order of u-demo-1
    expect((await (await shop()).getOrder('20251118100006'))?.address).toBe('杭州市滨江区 1 号');
  });

  it('numbers coupon codes in one sequence across store instances on the same file (restart, second process)', async () => {
    const before = await shop();
    const c1 = await before.issueCoupon('u-c1', 'NEW_USER_20');
    const after = await shop(); // a restarted process on the same SQLite file
    const c2 = await after.issueCoupon('u-c2', 'NEW_USER_20');
    const c3 = await before.issueCoupon('u-c3', 'NEW_USER_20'); // the first process is still running
    expect(new Set([c1.code, c2.code, c3.code]).size).toBe(3);
    expect((await after.issueCoupon('u-c1', 'NEW_USER_20')).code).toBe(c1.code); // idempotent across processes too
    expect((await after.listCoupons('u-c1')).map((c) => c.code)).toEqual([c1.code]);
  });

  it('seeds nothing when seeding is off (tests and transcripts keep shoppers without orders)', async () => {
    expect(await new DemoCommerce({ now: () => NOW }).listOrders('u-nobody')).toEqual([]);
  });
});
