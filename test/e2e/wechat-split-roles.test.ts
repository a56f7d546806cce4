import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import type { KefuConfig } from '../../src/config/schema';
import { startKefu, type RunningKefu } from '../../src/main';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';

jest.setTimeout(60_000);
const APP: FakeApp = {
  appId: 'wxsplit00000000001',
  secret: 'split-secret',
  token: 'splitToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

describe('split roles: a web process acknowledges WeChat pushes, a worker process answers them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-split-'));
  const prefix = `kefu-e2e-${randomUUID().slice(0, 8)}`;
  let fake: FakeWechatServer;
  let web: RunningKefu | undefined;
  let worker: RunningKefu | undefined;
  const config = (role: KefuConfig['role']): KefuConfig =>
    loadConfig(
      {},
      {
        nlu: 'rules',
        role,
        port: 0,
        host: '127.0.0.1',
        databaseUrl: `sqlite:${path.join(dir, 'k.sqlite')}`,
        dataDir: dir,
        redisPrefix: prefix,
        logLevel: 'silent',
        wechatOfficialAppId: APP.appId,
        wechatOfficialToken: APP.token,
        wechatOfficialAesKey: APP.encodingAesKey,
        wechatOfficialSecret: APP.secret,
        wechatApiBase: fake.baseUrl,
      },
    );

  beforeAll(async () => {
    fake = await FakeWechatServer.start({ apps: [APP] });
    web = await startKefu(config('web'), { watchFlows: false });
    fake.webhookBase = `${web.url}/wechat/official`;
  });
  afterAll(async () => {
    const redis = web?.core.redis.redis;
    const keys = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (keys.length > 0) await redis!.del(...keys);
    await worker?.close();
    await web?.close();
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the push is acknowledged and kept while no worker runs, and answered once a worker starts', async () => {
    const openid = `o-${randomUUID().slice(0, 8)}`;
    const push = await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '你好' }, { safe: true });
    expect(push.attempts.map((a) => [a.status, a.body])).toEqual([[200, 'success']]);
    expect(await web!.core.redis.redis.xlen(`${prefix}:inbox:wechat-official`)).toBe(1); // kept, not answered by web
    expect(receivedBy(fake, openid)).toEqual([]);

    worker = await startKefu(config('worker'), { watchFlows: false });
    const deadline = Date.now() + 15_000;
    while (!receivedBy(fake, openid).some((m) => m.type === 'text' && m.text.includes('欢迎')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(receivedBy(fake, openid).map((m) => (m.type === 'text' ? m.text : m.type))[0]).toContain('欢迎');
  });
});
