import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { configSchema } from '../../src/config/schema';
import { createLogger } from '../../src/core/log/create-logger';
import { ChatAttribution, type OrderAttribution } from '../../src/outreach/attribution';
import { buildServer } from '../../src/server/build-server';
import { kpiRoutes } from '../../src/server/kpi-routes';
import { TypeormAttributionStore } from '../../src/store/attribution-store';
import { createDataSource } from '../../src/store/data-source';
import { sqliteDatabase, type TestDatabase } from '../store/databases';
import { listenLocal, type TestResponse } from './http-client';

const TOKEN = 'kpi-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

let db: TestDatabase;
let ds: DataSource;
let store: TypeormAttributionStore;
const apps: FastifyInstance[] = [];

/** The server as src/main.ts mounts it, with or without an admin token, on loopback. */
async function serve(token: string | undefined): Promise<(url: string, headers?: Record<string, string>) => Promise<TestResponse>> {
  const config = configSchema.parse({ adminToken: token, logLevel: 'silent', timezone: 'Asia/Shanghai' });
  const app = await buildServer({ config, logger: createLogger({ level: 'silent' }), adapters: [], readiness: async () => ({ ok: true }) });
  await app.register(kpiRoutes({ token: config.adminToken, conversions: new ChatAttribution({ store }), timeZone: config.timezone }));
  apps.push(app);
  const request = await listenLocal(app);
  return (url, headers) => request({ url, headers });
}

function row(
  orderId: string,
  credit: OrderAttribution['credit'],
  amount: number,
  paidAt: string,
  extra: Partial<OrderAttribution> = {},
): OrderAttribution {
  return { orderId, userId: `u-${orderId}`, amount, credit, channel: 'web', paidAt, ...extra };
}

beforeAll(async () => {
  db = await sqliteDatabase();
  ds = await createDataSource(db.url);
  store = new TypeormAttributionStore(ds);
  // November 2025 in Shanghai is [2025-10-31T16:00Z, 2025-11-30T16:00Z)
  await store.saveOnce(row('o-before', 'product', 100, '2025-10-31T15:59:59.000Z'));
  await store.saveOnce(row('o-first', 'product', 159, '2025-10-31T16:00:00.000Z', { chat: 'product', touchRef: 'P1001' }));
  await store.saveOnce(row('o-coupon', 'coupon', 69.9, '2025-11-11T04:00:00.000Z', { channel: 'wechat-official' }));
  await store.saveOnce(row('o-out', 'outreach', 89, '2025-11-20T02:00:00.000Z', { chat: 'coupon', outreachKey: 'k1' }));
  await store.saveOnce(row('o-assist', 'assisted', 30, '2025-11-21T02:00:00.000Z', { chat: 'assisted' }));
  await store.saveOnce(row('o-last', 'product', 0.2, '2025-11-30T15:59:59.999Z'));
  await store.saveOnce(row('o-after', 'product', 100, '2025-11-30T16:00:00.000Z'));
  await store.addTouches([
    { conversation: 'web:-:c1', userId: 'u-1', channel: 'web', kind: 'product', ref: 'P1001', at: Date.parse('2025-11-02T00:00:00Z') },
    { conversation: 'web:-:c1', userId: 'u-1', channel: 'web', kind: 'coupon', ref: 'NEW20', at: Date.parse('2025-11-02T00:00:00Z') },
    { conversation: 'web:-:c2', userId: 'u-2', channel: 'web', kind: 'product', ref: 'P1001', at: Date.parse('2025-12-02T00:00:00Z') },
  ]);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

describe('GET /admin/kpis/conversions', () => {
  it("sums a month of conversions in the shop's time zone: each order once, assisted apart, by credit and door", async () => {
    const get = await serve(TOKEN);
    const res = await get('/admin/kpis/conversions?from=2025-11-01&to=2025-11-30', auth);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      from: '2025-10-31T16:00:00.000Z',
      to: '2025-11-30T16:00:00.000Z',
      orders: 4,
      revenue: 318.1,
      byCredit: {
        outreach: { orders: 1, revenue: 89 },
        coupon: { orders: 1, revenue: 69.9 },
        product: { orders: 2, revenue: 159.2 },
        assisted: { orders: 1, revenue: 30 },
      },
      byChannel: { web: { orders: 3, revenue: 248.2 }, 'wechat-official': { orders: 1, revenue: 69.9 } },
      outreachWithChat: 1,
      shown: { product: 1, coupon: 1, byChannel: { web: { product: 1, coupon: 1 } } },
    });
    const exact = await get('/admin/kpis/conversions?from=2025-11-20T10:00:00%2B08:00&to=1763604000001', auth);
    expect(exact.json()).toMatchObject({ orders: 1, byCredit: { outreach: { orders: 1, revenue: 89 } } });
  });

  it('needs the admin token, and says how to fix a bad period', async () => {
    const get = await serve(TOKEN);
    expect((await get('/admin/kpis/conversions')).statusCode).toBe(401);
    expect((await get('/admin/kpis/conversions', { authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(401);
    const backwards = await get('/admin/kpis/conversions?from=2025-12-01&to=2025-11-01', auth);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toMatch(/empty.*Fix: give a from before to/);
    const bad = await get('/admin/kpis/conversions?from=yesterday', auth);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('2025-11-01');
    expect((await get('/admin/kpis/conversions?from=2025-02-30', auth)).statusCode).toBe(400);
    expect((await get('/admin/kpis/conversions?shop=1', auth)).statusCode).toBe(400);
    const disabled = await (await serve(undefined))('/admin/kpis/conversions', auth);
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json()).toMatchObject({ error: 'ADMIN_DISABLED' });
  });
});
