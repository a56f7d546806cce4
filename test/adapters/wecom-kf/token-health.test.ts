import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { KfApi } from '../../../adapters/wecom-kf/kf-api';
import { KF_PATHS } from '../../../adapters/wecom-kf/constants';
import { AccessTokenCache } from '../../../src/kits/wechat';

/**
 * Token health as the console's 渠道 page shows it, through the real KfApi against a WeCom stand-in on loopback and a
 * real Redis: a refused token fetch (60020, IP not trusted) with its Chinese hint, then a good fetch, a good call and
 * another process taking the shared token. The secret and the token never appear in the report.
 */
describe('token health of the 微信客服 API (loopback, real Redis)', () => {
  let server: Server;
  let base: string;
  let redis: Redis;
  let refuseToken = true;
  const prefix = `kefu-test-${randomUUID()}`;

  beforeAll(async () => {
    redis = new Redis('redis://127.0.0.1:6379');
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      res.setHeader('content-type', 'application/json');
      if (path === KF_PATHS.getToken)
        return res.end(
          JSON.stringify(
            refuseToken
              ? { errcode: 60020, errmsg: 'not allow to access from your ip' }
              : { errcode: 0, access_token: 'TOKEN-SECRET-1', expires_in: 7200 },
          ),
        );
      if (path === KF_PATHS.syncMsg) return res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', msg_list: [] }));
      return res.end(JSON.stringify({ errcode: 95018, errmsg: 'invalid state' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports the last fetch, expiry, last good call and last errcode with a Chinese hint, never the token', async () => {
    const api = new KfApi({ corpId: 'ww-corp-1', secret: 'CORP-SECRET', apiBaseUrl: base, redis, keyPrefix: prefix, now: Date.now });
    expect(api.health.report()).toEqual({ account: 'ww-corp-1' });

    await expect(api.post(KF_PATHS.syncMsg, { cursor: '' })).rejects.toThrow(/access_token/);
    const refused = api.health.report();
    expect(refused.lastError).toMatchObject({ code: 60020, hint: expect.stringContaining('可信 IP') });
    expect(refused.lastFetchAt).toBeUndefined();

    refuseToken = false;
    const before = Date.now();
    await api.post(KF_PATHS.syncMsg, { cursor: '' });
    const ok = api.health.report();
    expect(ok.lastFetchAt).toBeGreaterThanOrEqual(before);
    expect(ok.expiresAt).toBeGreaterThanOrEqual(before + 7_200_000);
    expect(ok.lastOkAt).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(ok)).not.toMatch(/TOKEN-SECRET|CORP-SECRET/);

    await api.post('/cgi-bin/kf/send_msg', { touser: 'x' });
    expect(api.health.report().lastError).toMatchObject({ code: 95018 });

    // another process takes the shared token from Redis: it reports the token's expiry too
    const peer = new KfApi({ corpId: 'ww-corp-1', secret: 'CORP-SECRET', apiBaseUrl: base, redis, keyPrefix: prefix, now: Date.now });
    expect(peer.tokens).toBeInstanceOf(AccessTokenCache);
    await peer.post(KF_PATHS.syncMsg, { cursor: '' });
    expect(peer.health.report().expiresAt).toBeGreaterThan(Date.now() + 7_000_000);
  });

  it('reports an unreachable platform without an errcode', async () => {
    const api = new KfApi({ corpId: 'ww-corp-2', secret: 'S', apiBaseUrl: 'http://127.0.0.1:1', redis, keyPrefix: prefix, now: Date.now });
    await expect(api.post(KF_PATHS.syncMsg, {})).rejects.toThrow();
    const report = api.health.report();
    expect(report.lastError?.code).toBeUndefined();
    expect(report.lastError?.hint).toContain('无法连接微信服务器');
  });
});
