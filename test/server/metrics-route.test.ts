import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config/load-config';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';
import { ADMIN_TOKEN, startSurfaces, type Surfaces } from './surfaces';

// GET /metrics mounted as src/main.ts mounts it, on loopback, with a real prom-client registry.

const METRICS_TOKEN = 'scraper-metrics-token-0123456789';

let prefix: string;
let redis: Redis;
let s: Surfaces | undefined;

beforeEach(() => {
  prefix = testPrefix();
  redis = new Redis(REDIS);
});
afterEach(async () => {
  await s?.close();
  s = undefined;
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const scrape = async (authorization?: string) => {
  const res = await fetch(`${s!.base}/metrics`, { headers: authorization === undefined ? {} : { authorization } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

describe('GET /metrics needs a token', () => {
  it('with KEFU_METRICS_TOKEN: no token or a wrong one is 401 without metrics; the metrics token and the admin token get the text', async () => {
    s = await startSurfaces({ redis, prefix, config: { metricsToken: METRICS_TOKEN } });
    for (const wrong of [undefined, `Bearer ${METRICS_TOKEN.slice(0, -1)}x`, `Bearer ${METRICS_TOKEN}0`, METRICS_TOKEN]) {
      const res = await scrape(wrong);
      expect({ wrong, status: res.status }).toEqual({ wrong, status: 401 });
      expect(res.text).toContain('Fix: send Authorization: Bearer <KEFU_METRICS_TOKEN>');
      expect(res.text).not.toContain('kefu_surface_test_total');
    }
    for (const token of [METRICS_TOKEN, ADMIN_TOKEN]) {
      const res = await scrape(`Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^kefu_surface_test_total 3$/m);
    }
  });

  it('with only the admin token configured, the admin token opens it', async () => {
    s = await startSurfaces({ redis, prefix });
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${ADMIN_TOKEN}`)).text).toMatch(/^kefu_surface_test_total 3$/m);
  });

  it('with neither token configured it is 404 METRICS_DISABLED saying how to enable it', async () => {
    s = await startSurfaces({ redis, prefix, config: { adminToken: undefined } });
    for (const authorization of [undefined, `Bearer ${ADMIN_TOKEN}`]) {
      const res = await scrape(authorization);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toMatchObject({
        error: 'METRICS_DISABLED',
        message: expect.stringContaining('Fix: set KEFU_METRICS_TOKEN'),
      });
    }
  });

  it('compares every accepted token through SHA-256 digests, also for a token of another length', async () => {
    s = await startSurfaces({ redis, prefix, config: { metricsToken: METRICS_TOKEN } });
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      expect((await scrape(`Bearer ${METRICS_TOKEN}-and-more`)).status).toBe(401);
      expect(spy.mock.calls.map(([a, b]) => [(a as Buffer).length, (b as Buffer).length])).toEqual([
        [32, 32],
        [32, 32],
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('KEFU_METRICS_TOKEN is read from the environment; shorter than 16 characters it is refused at start, unechoed', () => {
    expect(loadConfig({ KEFU_METRICS_TOKEN: METRICS_TOKEN }).metricsToken).toBe(METRICS_TOKEN);
    expect(() => loadConfig({ KEFU_METRICS_TOKEN: 'short-scrape' })).toThrow(/KEFU_METRICS_TOKEN: must be at least 16 characters/);
    expect(() => loadConfig({ KEFU_METRICS_TOKEN: 'short-scrape' })).not.toThrow(/short-scrape/);
  });
});
