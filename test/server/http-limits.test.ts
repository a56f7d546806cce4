import { Redis } from 'ioredis';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';
import { ADMIN_TOKEN, startSurfaces, type Surfaces } from './surfaces';

let prefix: string;
let redis: Redis;
const open: Surfaces[] = [];

beforeEach(() => {
  prefix = testPrefix();
  redis = new Redis(REDIS);
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function start(config: Record<string, unknown>, options: { sharedLimits?: boolean } = {}): Promise<Surfaces> {
  const s = await startSurfaces({ redis, prefix, config, sharedLimits: options.sharedLimits ?? true });
  open.push(s);
  return s;
}

const call = async (s: Surfaces, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${s.base}${path}`, init);
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text };
};
const admin = (s: Surfaces, token = ADMIN_TOKEN, headers: Record<string, string> = {}) =>
  call(s, '/admin/api/channels', { headers: { authorization: `Bearer ${token}`, ...headers } });
const postEvents = (s: Surfaces) =>
  call(s, '/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ id: `e-${Math.random()}`, type: 'visit', userId: 'u1', at: Date.now(), payload: {} }]),
  });

describe('HTTP rate limits (@fastify/rate-limit, counted in Redis)', () => {
  it('admin: N requests pass, the next gets 429 with Retry-After and a Chinese + English JSON error', async () => {
    const s = await start({ adminRateLimit: 3 });
    for (let i = 0; i < 3; i++) expect((await admin(s)).status).toBe(200);
    const limited = await admin(s);
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    const body = JSON.parse(limited.text) as { error: string; message: string };
    expect(body.error).toBe('RATE_LIMITED');
    expect(body.message).toMatch(
      /^请求太频繁，请 \d+ 秒后再试。Too many requests from this address: retry in \d+ s\. Fix: .*KEFU_ADMIN_RATE_LIMIT/,
    );
    // Bull Board and unknown admin paths share the admin count
    expect((await call(s, '/admin/queues')).status).toBe(429);
    // the counts live in Redis under the kefu prefix
    expect(await redis.keys(`${prefix}:rate:*admin:*`)).not.toHaveLength(0);
  });

  it('unsubscribe: N requests pass (valid or not), the next gets 429 with Retry-After', async () => {
    const s = await start({ unsubscribeRateLimit: 2 });
    expect((await call(s, '/unsubscribe?u=x&t=y')).status).toBe(403);
    expect((await call(s, '/unsubscribe?u=x&t=y')).status).toBe(403);
    const limited = await call(s, '/unsubscribe?u=x&t=y');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(limited.text).toContain('KEFU_UNSUBSCRIBE_RATE_LIMIT');
  });

  it('POST /events has its own, higher count; other routes are not limited', async () => {
    const s = await start({ adminRateLimit: 1, eventsRateLimit: 4 });
    expect((await admin(s)).status).toBe(200);
    expect((await admin(s)).status).toBe(429);
    for (let i = 0; i < 4; i++) expect((await postEvents(s)).status).toBe(202);
    expect((await postEvents(s)).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await call(s, '/healthz')).status).toBe(200);
  });

  it('refused admin tokens are limited far more strictly: past the limit even the right token waits', async () => {
    const s = await start({ adminRateLimit: 100, adminAuthFailures: 2 });
    for (let i = 0; i < 5; i++) expect((await admin(s)).status).toBe(200); // successes do not count as failures
    expect((await admin(s, 'wrong-token')).status).toBe(401);
    expect((await admin(s, 'wrong-token-2')).status).toBe(401);
    const locked = await admin(s);
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(60); // the 15-minute failure window
    expect(locked.text).toContain('KEFU_ADMIN_AUTH_FAILURES');
    expect((await postEvents(s)).status).toBe(429); // POST /events is an admin-token surface too
    expect((await call(s, '/unsubscribe?u=x&t=y')).status).toBe(403); // shoppers' links are not
  });

  it('refused tokens on GET /metrics and /readyz count as admin auth failures; probes without a token are never limited', async () => {
    const s = await start({ adminAuthFailures: 2 });
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await call(s, '/metrics', bearer('wrong-metrics-token'))).status).toBe(401);
    expect((await call(s, '/readyz', bearer('wrong-readyz-token'))).status).toBe(401);
    expect((await admin(s)).status).toBe(429); // locked out everywhere the admin token opens
    expect((await call(s, '/metrics', bearer(ADMIN_TOKEN))).status).toBe(429);
    expect((await call(s, '/readyz', bearer(ADMIN_TOKEN))).status).toBe(429);
    for (let i = 0; i < 5; i++) expect((await call(s, '/readyz')).status).toBe(200); // the probe's plain status
  });

  it('two processes on one Redis share the counts', async () => {
    const a = await start({ adminRateLimit: 3 });
    const b = await start({ adminRateLimit: 3 });
    expect((await admin(a)).status).toBe(200);
    expect((await admin(b)).status).toBe(200);
    expect((await admin(a)).status).toBe(200);
    expect((await admin(b)).status).toBe(429);
  });

  it('counts per client address: X-Forwarded-For is believed only from the proxies KEFU_TRUST_PROXY names', async () => {
    const direct = await start({ adminRateLimit: 1 });
    expect((await admin(direct, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await admin(direct, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(429); // spoofed header ignored
    await deletePrefix(redis, prefix);
    const proxied = await start({ adminRateLimit: 1, trustProxy: '127.0.0.1' });
    expect((await admin(proxied, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await admin(proxied, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
    expect((await admin(proxied, ADMIN_TOKEN, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
  });

  it('without Redis each process counts in memory', async () => {
    const s = await start({ adminRateLimit: 2 }, { sharedLimits: false });
    expect((await admin(s)).status).toBe(200);
    expect((await admin(s)).status).toBe(200);
    expect((await admin(s)).status).toBe(429);
    expect(await redis.keys(`${prefix}:rate:*`)).toEqual([]);
  });
});
