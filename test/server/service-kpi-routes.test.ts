import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { configSchema } from '../../src/config/schema';
import { createLogger } from '../../src/core/log/create-logger';
import { registerServiceKpiMetrics } from '../../src/kpis/kpi-metrics';
import { ServiceKpis } from '../../src/kpis/service-kpis';
import type { SessionFilter } from '../../src/kpis/session-aggregates';
import { metricsHandler } from '../../src/outreach';
import { buildServer } from '../../src/server/build-server';
import { serviceKpiRoutes } from '../../src/server/service-kpi-routes';
import { createDataSource } from '../../src/store/data-source';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { sqliteDatabase, type TestDatabase } from '../store/databases';
import { listenLocal, type TestResponse } from './http-client';

const TOKEN = 'kpi-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
/** 2025-11-20 10:00 in Shanghai. */
const T = Date.parse('2025-11-20T02:00:00.000Z');

let db: TestDatabase;
let ds: DataSource;
const apps: FastifyInstance[] = [];

/** The server as src/main.ts mounts it (the admin API included), on loopback, with a counting KPI service. */
async function serve(token: string | undefined, now = (): number => T + 3_600_000) {
  const config = configSchema.parse({ adminToken: token, logLevel: 'silent', timezone: 'Asia/Shanghai' });
  const app = await buildServer({ config, logger: createLogger({ level: 'silent' }), adapters: [], readiness: async () => ({ ok: true }) });
  const real = new ServiceKpis(ds, config.timezone);
  const calls: SessionFilter[] = [];
  const kpis = { report: (filter: SessionFilter) => (calls.push(filter), real.report(filter)) };
  await app.register(serviceKpiRoutes({ token: config.adminToken, kpis, timeZone: config.timezone, now }));
  const registry = new Registry();
  let clock = now();
  registerServiceKpiMetrics(registry, kpis, { now: () => clock, refreshMs: 60_000 });
  app.get('/metrics', metricsHandler(registry));
  apps.push(app);
  const request = await listenLocal(app);
  const get = (url: string, headers?: Record<string, string>): Promise<TestResponse> => request({ url, headers });
  return { get, calls, tick: (ms: number) => (clock += ms) };
}

beforeAll(async () => {
  db = await sqliteDatabase();
  ds = await createDataSource(db.url);
  const sessions = new TypeormServiceSessions(ds, 'Asia/Shanghai');
  await sessions.record([
    { conversation: 'web:-:c1', userId: 'u1', channel: 'web', receivedAt: T, repliedAt: T + 1200, handedOff: false },
    { conversation: 'web:-:c2', userId: 'u2', channel: 'web', receivedAt: T + 1000, repliedAt: T + 1400, handedOff: true },
    { conversation: 'wecom-kf:k:c3', userId: 'u3', channel: 'wecom-kf', receivedAt: T + 2000, repliedAt: T + 2800, handedOff: false },
  ]);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

describe('GET /admin/api/kpis/service', () => {
  it("reports a day in the shop's time zone, in total, per channel and per day, and one channel alone", async () => {
    const { get } = await serve(TOKEN);
    const res = await get('/admin/api/kpis/service?from=2025-11-20&to=2025-11-20', auth);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      from: '2025-11-19T16:00:00.000Z',
      to: '2025-11-20T16:00:00.000Z',
      totals: { sessions: 3, handedOff: 1, botResolved: 2, firstResponseMs: { p50: 800, p95: 1200 }, rates: { handoff: 0.3333 } },
      byChannel: { web: { sessions: 2 }, 'wecom-kf': { sessions: 1 } },
      outreach: [],
    });
    expect(body.daily).toHaveLength(1);
    expect(body.daily[0]).toMatchObject({ day: '2025-11-20', sessions: 3 });
    const web = (await get('/admin/api/kpis/service?from=2025-11-20&to=2025-11-20&channel=web', auth)).json();
    expect(web).toMatchObject({ channel: 'web', totals: { sessions: 2, firstResponseMs: { p50: 400, p95: 1200 } } });
    // default: the 7 days up to now
    expect((await get('/admin/api/kpis/service', auth)).json().totals.sessions).toBe(3);
  });

  it('needs the admin token, and says how to fix a bad query', async () => {
    const { get } = await serve(TOKEN);
    expect((await get('/admin/api/kpis/service')).statusCode).toBe(401);
    expect((await get('/admin/api/kpis/service', { authorization: `Bearer ${TOKEN}x` })).statusCode).toBe(401);
    const bad = await get('/admin/api/kpis/service?from=yesterday', auth);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Fix: write a date \(2025-11-01\)/);
    const unknown = await get('/admin/api/kpis/service?shop=1', auth);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/Fix: pass only from, to .* and channel/);
    const disabled = await (await serve(undefined)).get('/admin/api/kpis/service', auth);
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json()).toMatchObject({ error: 'ADMIN_DISABLED' });
  });
});

describe('GET /metrics (service KPI gauges)', () => {
  it('shows the last 24 h per channel and recomputes at most once a minute however often it is scraped', async () => {
    const { get, calls, tick } = await serve(TOKEN);
    const first = (await get('/metrics')).body;
    expect(first).toContain('kefu_service_sessions{channel="all"} 3');
    expect(first).toContain('kefu_service_sessions{channel="web"} 2');
    expect(first).toContain('kefu_service_first_response_seconds{channel="all",quantile="0.5"} 0.8');
    expect(first).toContain('kefu_service_rate{channel="all",kpi="handoff"} 0.3333');
    await get('/metrics');
    await get('/metrics');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.to.getTime() - calls[0]!.from.getTime()).toBe(86_400_000);
    tick(60_000);
    await get('/metrics');
    expect(calls).toHaveLength(2);
  });
});
