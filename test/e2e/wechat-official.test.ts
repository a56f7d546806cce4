import type { WechatOfficialAdapter } from '../../adapters/wechat-official';
import { listDeadLetters } from '../../src/outreach/dead-letters';
import { randomUUID } from 'node:crypto';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';
import { waitUntil } from '../helpers/wait-until';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-for-tests-0123456789';
const APP: FakeApp = {
  appId: 'wxe2e0000000000001',
  secret: 'e2e-secret',
  token: 'shopToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const TEMPLATE_ID = 'TPL-ORDER-UNPAID-0001';
const H49 = 49 * 3_600_000;

describe('Official Account through `kefu start` (safe mode, real flows and outreach, fake WeChat on loopback)', () => {
  let fake: FakeWechatServer;
  let running: TestKefu;

  beforeAll(async () => {
    fake = await FakeWechatServer.start({ apps: [APP] });
    running = await startTestKefu(() => ({
      adminToken: TOKEN,
      quietHours: 'off',
      wechatOfficialAppId: APP.appId,
      wechatOfficialToken: APP.token,
      wechatOfficialAesKey: APP.encodingAesKey,
      wechatOfficialSecret: APP.secret,
      wechatApiBase: fake.baseUrl,
      wechatSubscriptionTemplates: { order_unpaid: { templateId: TEMPLATE_ID, textField: 'thing1', data: { phrase2: '待付款' } } },
    }));
    fake.webhookBase = `${running.kefu.url}/wechat/official`;
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('a shopper says 你好 and gets the welcome flow through the customer-service API, once', async () => {
    const openid = `o-${randomUUID().slice(0, 8)}`;
    const push = await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '你好' }, { safe: true });
    expect(push.attempts.map((a) => a.status)).toEqual([200]);
    await waitUntil(
      () => receivedBy(fake, openid).some((m) => m.type === 'text' && m.text.includes('欢迎')),
      () => receivedBy(fake, openid),
      15_000,
    );
  });

  it('Redis lost the inbox stream (a restart without data): the next push is still answered, and /readyz checks the inbox', async () => {
    const redis = running.kefu.core.redis.redis;
    await redis.del(`${running.kefu.core.config.redisPrefix}:inbox:wechat-official`);
    const openid = `o-${randomUUID().slice(0, 8)}`;
    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '你好' }, { safe: true });
    await waitUntil(
      () => receivedBy(fake, openid).some((m) => m.type === 'text' && m.text.includes('欢迎')),
      () => receivedBy(fake, openid),
      15_000,
    );
    const ready = await fetch(`${running.kefu.url}/readyz`, { headers: { authorization: `Bearer ${TOKEN}` } }); // the details need the admin token
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { 'channel:wechat-official': true } });
  });

  it('48 h later the window is closed: the unpaid-order reminder goes out as the subscription message the shopper accepted', async () => {
    const openid = `o-${randomUUID().slice(0, 8)}`;
    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '你好' }, { safe: true });
    await fake.push(
      APP.appId,
      {
        FromUserName: openid,
        MsgType: 'event',
        Event: 'subscribe_msg_popup_event',
        SubscribeMsgPopupEvent: { List: { TemplateId: TEMPLATE_ID, SubscribeStatusString: 'accept', PopupScene: '0' } },
      },
      { safe: true },
    );
    await (running.kefu.adapters.find((a) => a.name === 'wechat-official') as WechatOfficialAdapter).settled();
    expect(receivedBy(fake, openid).length).toBeGreaterThan(0);
    fake.advance(H49); // WeChat's clock: the 48 h window closed (kefu's ledger still thinks it is open)

    const user = await running.kefu.core.users.resolve('wechat-official', openid);
    const orderId = `o-${randomUUID().slice(0, 6)}`;
    const res = await fetch(`${running.kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: `e-${randomUUID()}`,
          type: 'order_created',
          userId: user.id,
          at: Date.now(),
          payload: { orderId, autoCloseAt: new Date(Date.now() + 15 * 60_000).toISOString() },
        },
      ]),
    });
    expect(res.status).toBe(202);

    const subscription = (): unknown[] => fake.delivered(openid).filter((s) => s.path.includes('/subscribe/'));
    await waitUntil(
      () => subscription().length === 1,
      async () => ({
        sends: fake.sends.filter((s) => s.openid === openid),
        dead: await listDeadLetters(running.kefu.core.outreach.queues),
      }),
      15_000,
    );
    const refused = fake.sends.filter((s) => s.openid === openid && s.errcode === 45015);
    expect(refused).toHaveLength(1); // tried the window first; WeChat said 45015
    const [sent] = fake.delivered(openid).filter((s) => s.path.includes('/subscribe/'));
    expect(sent!.body).toMatchObject({ template_id: TEMPLATE_ID, data: { phrase2: { value: '待付款' } } });
    expect(String((sent!.body.data as Record<string, { value: string }>).thing1!.value)).toContain('亲，您的订单');
    await running.kefu.core.recorder.flush();
  });
});
