import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { TypeormServiceSessions } from '../../../src/store/service-session-store';
import { TypeormSurveyResponses } from '../../../src/store/survey-response-store';

jest.setTimeout(60_000);

const PASSWORD = '数据页面-kpi-password';
const TOKEN = 'console-kpi-admin-token-0123456789';
/** 2025-11-20 10:00 in Shanghai. */
const T = Date.parse('2025-11-20T02:00:00.000Z');

/** Sign in on loopback and keep the session cookie. */
async function signIn(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('GET /console/api/kpis/service (real SQLite and Redis, HTTP on loopback)', () => {
  let running: TestKefu;
  let base: string;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };

  beforeAll(async () => {
    running = await startTestKefu(() => ({ adminToken: TOKEN }));
    base = running.kefu.url;
    const { dataSource, config } = running.kefu.core;
    const users = new TypeormConsoleUsers(dataSource);
    await users.add('boss', 'admin', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
    const now = Date.now();
    await new TypeormServiceSessions(dataSource, config.timezone).record([
      { conversation: 'web:-:c1', userId: 'u1', channel: 'web', receivedAt: T, repliedAt: T + 1200, handedOff: false },
      { conversation: 'web:-:c2', userId: 'u2', channel: 'web', receivedAt: T + 1000, repliedAt: T + 1400, handedOff: true },
      { conversation: 'wecom-kf:k:c3', userId: 'u3', channel: 'wecom-kf', receivedAt: T + 2000, repliedAt: T + 2800, handedOff: false },
      { conversation: 'web:-:c4', userId: 'u4', channel: 'web', receivedAt: now - 1000, repliedAt: now - 500, handedOff: false },
    ]);
    await new TypeormSurveyResponses(dataSource, config.timezone).add({
      kind: 'csat',
      score: 5,
      userId: 'u1',
      channel: 'web',
      conversation: 'web:-:c1',
      at: T + 60_000,
    });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('refuses anonymous requests and forged cookies with 401', async () => {
    expect((await get('/console/api/kpis/service')).status).toBe(401);
    expect((await get('/console/api/kpis/service', { cookie: `kefu_console=${'A'.repeat(43)}` })).status).toBe(401);
    expect((await get('/console/api/kpis/service', { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
  });

  it('answers admin, operator and marketing with the same figures as the admin route for the same period', async () => {
    const query = 'from=2025-11-19&to=2025-11-21';
    const admin = await get(`/admin/api/kpis/service?${query}`, { authorization: `Bearer ${TOKEN}` });
    expect(admin.status).toBe(200);
    expect(admin.body.totals).toMatchObject({ sessions: 3, handedOff: 1, firstResponseMs: { p50: 800, p95: 1200 } });
    expect(admin.body.totals.csat).toMatchObject({ responses: 1, score: 1 });
    for (const name of ['boss', 'xiaomei', 'market']) {
      const res = await get(`/console/api/kpis/service?${query}`, { cookie: await signIn(base, name) });
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      expect(res.body).toEqual(admin.body);
    }
    const cookie = await signIn(base, 'market');
    const web = await get(`/console/api/kpis/service?${query}&channel=web`, { cookie });
    expect(web.body).toEqual((await get(`/admin/api/kpis/service?${query}&channel=web`, { authorization: `Bearer ${TOKEN}` })).body);
    expect(web.body).toMatchObject({ channel: 'web', totals: { sessions: 2 } });
  });

  it('reads days=7 as the last 7 shop-local days up to now, and says how to fix a bad query', async () => {
    const cookie = await signIn(base, 'market');
    const recent = await get('/console/api/kpis/service?days=7', { cookie });
    expect(recent.status).toBe(200);
    expect(recent.body.daily).toHaveLength(7);
    const today = recent.body.daily[6].day as string;
    const first = recent.body.daily[0].day as string;
    expect(Date.parse(today) - Date.parse(first)).toBe(6 * 86_400_000);
    expect(recent.body.totals.sessions).toBe(1); // only the session of now; the November ones are older
    const admin = await get(`/admin/api/kpis/service?from=${first}&to=${today}`, { authorization: `Bearer ${TOKEN}` });
    expect(recent.body.from).toBe(admin.body.from);
    expect({ ...recent.body, to: undefined }).toEqual({ ...admin.body, to: undefined });

    for (const [path, fix] of [
      ['/console/api/kpis/service?days=0', /Fix: pass days as a whole number from 1 to 366/],
      ['/console/api/kpis/service?days=7&from=2025-11-01', /Fix: pass days .* or from and to instead of days/],
      ['/console/api/kpis/service?from=yesterday', /Fix: write a date \(2025-11-01\)/],
      ['/console/api/kpis/service?shop=1', /Fix: pass only from, to .* and channel/],
    ] as const) {
      const res = await get(path, { cookie });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.message).toMatch(fix);
    }
  });
});
