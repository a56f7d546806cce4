import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AccessTokenCache, withAccessToken, type FetchedToken } from '../../../../src/kits/wechat/api/access-token-cache';

/** A token endpoint stand-in that counts fetches and hands out tok-1, tok-2, … after a short delay. */
function tokenEndpoint(delayMs = 30): { fetch: () => Promise<FetchedToken>; count: () => number } {
  let n = 0;
  return {
    fetch: async () => {
      n += 1;
      const token = `tok-${n}`;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return { accessToken: token, expiresInSec: 7200 };
    },
    count: () => n,
  };
}

describe('AccessTokenCache on a real Redis', () => {
  let redis: Redis;
  let other: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
    other = new Redis('redis://127.0.0.1:6379', { lazyConnect: false });
  });
  beforeEach(() => {
    prefix = `kefu-test-${randomUUID()}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('fetches once for many concurrent callers in one process', async () => {
    const endpoint = tokenEndpoint();
    const cache = new AccessTokenCache({ key: 'wechat-official:wx1', redis, prefix, fetch: endpoint.fetch });
    const tokens = await Promise.all(Array.from({ length: 8 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(endpoint.count()).toBe(1);
    expect(await cache.get()).toBe('tok-1');
    expect(endpoint.count()).toBe(1);
  });

  it('shares one fetch between two instances (two processes) on one Redis', async () => {
    const endpoint = tokenEndpoint(80);
    const a = new AccessTokenCache({ key: 'wechat-official:wx1', redis, prefix, fetch: endpoint.fetch });
    const b = new AccessTokenCache({ key: 'wechat-official:wx1', redis: other, prefix, fetch: endpoint.fetch });
    const [fromA, fromB] = await Promise.all([a.get(), b.get()]);
    expect(fromA).toBe('tok-1');
    expect(fromB).toBe('tok-1');
    expect(endpoint.count()).toBe(1);
    expect(await redis.get(`${prefix}:access-token:wechat-official:wx1`)).toBe('tok-1');
  });

  it('invalidates only the stale token: a token already replaced by another instance is kept', async () => {
    const endpoint = tokenEndpoint();
    const a = new AccessTokenCache({ key: 'wechat-official:wx1', redis, prefix, fetch: endpoint.fetch });
    const b = new AccessTokenCache({ key: 'wechat-official:wx1', redis: other, prefix, fetch: endpoint.fetch });
    expect(await a.get()).toBe('tok-1');
    expect(await b.get()).toBe('tok-1');
    await a.invalidate('tok-1');
    expect(await a.get()).toBe('tok-2');
    // b still holds tok-1 locally and reports it stale late: tok-2 must survive in Redis.
    await b.invalidate('tok-1');
    expect(await redis.get(`${prefix}:access-token:wechat-official:wx1`)).toBe('tok-2');
    expect(await b.get()).toBe('tok-2');
    expect(endpoint.count()).toBe(2);
  });

  it.each([40001, 42001])('withAccessToken refreshes and retries once on errcode %i', async (errcode) => {
    const endpoint = tokenEndpoint(5);
    const cache = new AccessTokenCache({ key: 'wechat-mini:wx2', redis, prefix, fetch: endpoint.fetch });
    const seen: string[] = [];
    const result = await withAccessToken(cache, async (token) => {
      seen.push(token);
      return token === 'tok-1' ? { errcode, errmsg: 'access_token expired' } : { errcode: 0, errmsg: 'ok' };
    });
    expect(result).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(seen).toEqual(['tok-1', 'tok-2']);
    expect(endpoint.count()).toBe(2);
  });

  it('withAccessToken retries only once, and not at all for other errors', async () => {
    const endpoint = tokenEndpoint(5);
    const cache = new AccessTokenCache({ key: 'wechat-mini:wx3', redis, prefix, fetch: endpoint.fetch });
    let calls = 0;
    const stillBad = await withAccessToken(cache, async () => {
      calls += 1;
      return { errcode: 42001 };
    });
    expect(stillBad.errcode).toBe(42001);
    expect(calls).toBe(2);
    calls = 0;
    const refused = await withAccessToken(cache, async () => {
      calls += 1;
      return { errcode: 45015 };
    });
    expect(refused.errcode).toBe(45015);
    expect(calls).toBe(1);
  });
});
