/* eslint-disable @typescript-eslint/no-explicit-any -- the console API's JSON bodies are read by shape in the assertions */
import { randomUUID } from 'node:crypto';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { waitUntil } from '../helpers/wait-until';
import { WebShopper } from '../helpers/web-shopper';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(90_000);

const PASSWORD = 'inbox-password-2026';
const APP: FakeApp = {
  appId: 'wxinbox000000000001',
  secret: 'inbox-secret',
  token: 'inboxToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const H49 = 49 * 3_600_000;

/** A console user's session on loopback (cookie + CSRF token). */
class Operator {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}

  async login(name: string): Promise<this> {
    const res = await fetch(`${this.base}/console/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return this;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}/console/api/${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-kefu-csrf': this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  }

  /** The open inbox items of one channel. */
  async waiting(channel: string): Promise<any[]> {
    const { body } = await this.call('GET', 'inbox?status=open');
    return (body.items as any[]).filter((i) => i.channel === channel);
  }

  /** Read the live event stream until `count` inbox events arrived (or the time is up). */
  async events(count: number, during: () => Promise<void>, ms = 15_000): Promise<any[]> {
    const controller = new AbortController();
    const res = await fetch(`${this.base}/console/api/inbox/events`, { headers: { cookie: this.cookie }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const seen: any[] = [];
    let buffer = '';
    const reading = (async () => {
      const until = Date.now() + ms;
      while (seen.length < count && Date.now() < until) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += Buffer.from(value).toString('utf8');
        for (const block of buffer.split('\n\n').slice(0, -1)) {
          const data = /^event: inbox\ndata: (.*)$/m.exec(block);
          if (data) seen.push(JSON.parse(data[1]!));
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      }
    })();
    await new Promise((r) => setTimeout(r, 200)); // subscribed
    await during();
    await Promise.race([reading, new Promise((r) => setTimeout(r, ms))]);
    controller.abort();
    return seen;
  }
}

describe('the agent inbox: handoffs from web chat and the Official Account answered in the console', () => {
  let fake: FakeWechatServer;
  let running: TestKefu;
  let base: string;

  beforeAll(async () => {
    fake = await FakeWechatServer.start({ apps: [APP] });
    running = await startTestKefu(() => ({
      quietHours: 'off',
      wechatOfficialAppId: APP.appId,
      wechatOfficialToken: APP.token,
      wechatOfficialAesKey: APP.encodingAesKey,
      wechatOfficialSecret: APP.secret,
      wechatApiBase: fake.baseUrl,
    }));
    fake.webhookBase = `${running.kefu.url}/wechat/official`;
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('laowang', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('with nobody online a web shopper asking for a human leaves a message; once an operator is online the handoff reaches the inbox live', async () => {
    const early = await WebShopper.connect(base);
    await early.say('转人工');
    await early.waitFor((t) => t.includes('留言'));
    early.close();

    const xiaomei = await new Operator(base).login('xiaomei');
    expect((await xiaomei.call('POST', 'inbox-presence', { status: 'online' })).body).toEqual({ status: 'online' });
    const shopper = await WebShopper.connect(base);
    const events = await xiaomei.events(1, async () => {
      await shopper.say('转人工');
    });
    expect(shopper.replies().join('\n')).toMatch(/转接|人工客服/);
    expect(shopper.replies().join('\n')).not.toContain('留言');
    expect(events[0]).toMatchObject({ type: 'handoff', id: expect.any(Number) });
    const [item] = await xiaomei.waiting('web');
    expect(item).toMatchObject({ id: events[0].id, status: 'waiting', operator: null, reason: expect.any(String) });
    expect(item.shopper).toContain('*'); // masked
    shopper.close();
  });

  it('an operator takes a web handoff (a colleague cannot), replies, the shopper gets it; the bot stays silent; close hands back to the bot', async () => {
    const xiaomei = await new Operator(base).login('xiaomei');
    const laowang = await new Operator(base).login('laowang');
    await xiaomei.call('POST', 'inbox-presence', { status: 'online' });
    const shopper = await WebShopper.connect(base);
    await shopper.say('我要找人工客服');
    let item: any;
    for (let i = 0; i < 50 && !item; i++) {
      item = (await xiaomei.waiting('web')).find((x) => x.lastText === '我要找人工客服');
      if (!item) await new Promise((r) => setTimeout(r, 100));
    }
    expect(item).toBeDefined();

    // While waiting, the shopper writes again: the bot is silent and the inbox shows the message.
    const before = shopper.replies().length;
    await shopper.say('我的快递三天没动了，单号 DD20251120001');
    expect(shopper.replies().length).toBe(before);
    await running.kefu.core.recorder.flush();
    for (let i = 0; i < 50; i++) {
      const fresh = (await xiaomei.waiting('web')).find((x) => x.id === item.id);
      if (fresh?.lastText?.includes('快递')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await xiaomei.waiting('web')).find((x) => x.id === item.id).lastText).toContain('快递三天没动了');

    expect((await xiaomei.call('POST', `inbox/${item.id}/take`)).status).toBe(200);
    const stolen = await laowang.call('POST', `inbox/${item.id}/take`);
    expect(stolen.status).toBe(409);
    expect(stolen.body.message).toContain('xiaomei');
    expect(
      (await laowang.call('POST', `inbox/${item.id}/reply`, { message: { type: 'text', text: '我来' }, clientId: 'laowang-1' })).status,
    ).toBe(409);

    const sent = await xiaomei.call('POST', `inbox/${item.id}/reply`, {
      message: { type: 'text', text: '您好，我是客服小美，帮您查一下物流～' },
      clientId: randomUUID().slice(0, 12),
    });
    expect(sent.status).toBe(200);
    expect(sent.body.delivered).toBe(true);
    await shopper.waitFor((t) => t.includes('我是客服小美'));

    const detail = (await xiaomei.call('GET', `inbox/${item.id}`)).body;
    expect(detail.handoff).toMatchObject({ status: 'taken', operator: 'xiaomei', firstReplyAt: expect.any(String) });
    const froms = detail.transcript.map((m: any) => `${m.from}:${m.text}`);
    expect(froms).toContain('operator:您好，我是客服小美，帮您查一下物流～');
    expect(detail.transcript.find((m: any) => m.from === 'shopper' && m.text?.includes('人工'))).toBeDefined();
    expect(detail.canReply).toEqual({ ok: true });
    const profile = await xiaomei.call('GET', `shoppers/handoff-${item.id}/profile`); // the shopper panel's profile tags
    expect(profile.status).toBe(200);
    expect(profile.body.tags).toContain('新客');

    const closed = await xiaomei.call('POST', `inbox/${item.id}/close`, {});
    expect(closed.body.handoff).toMatchObject({ status: 'closed', closedBy: 'operator' });
    await shopper.waitFor((t) => t.includes('人工服务已结束'));
    await shopper.say('我的快递到哪了');
    expect(shopper.replies().slice(-3).join('\n')).toMatch(/订单|快递|物流/); // the bot answers again
    expect(await xiaomei.waiting('web')).not.toContainEqual(expect.objectContaining({ id: item.id }));
    shopper.close();
  });

  it('an Official Account handoff appears in the inbox; the reply goes out as a customer-service message; after 48 h the reply is refused with the reason', async () => {
    const xiaomei = await new Operator(base).login('xiaomei');
    await xiaomei.call('POST', 'inbox-presence', { status: 'online' });
    const openid = `o-inbox-${randomUUID().slice(0, 8)}`;
    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '转人工' }, { safe: true });
    let item: any;
    for (let i = 0; i < 100 && !item; i++) {
      await running.kefu.core.recorder.flush();
      item = (await xiaomei.waiting('wechat-official'))[0];
      if (!item) await new Promise((r) => setTimeout(r, 100));
    }
    expect(item).toMatchObject({ status: 'waiting', channel: 'wechat-official' });
    expect(fake.replies.filter((r) => r.openid === openid && r.fields.MsgType === 'transfer_customer_service')).toHaveLength(0); // kept in kefu

    const sent = await xiaomei.call('POST', `inbox/${item.id}/reply`, {
      message: { type: 'text', text: '亲，我是人工客服，请问哪里需要帮忙？' },
      clientId: randomUUID().slice(0, 12),
    });
    expect(sent.status).toBe(200);
    await waitUntil(
      () => receivedBy(fake, openid).some((m) => m.type === 'text' && m.text.includes('我是人工客服')),
      () => receivedBy(fake, openid),
      10_000,
    );

    fake.advance(H49); // WeChat's clock: 49 hours later the window is closed
    const refused = await xiaomei.call('POST', `inbox/${item.id}/reply`, {
      message: { type: 'text', text: '还在吗？' },
      clientId: randomUUID().slice(0, 12),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('48 小时');
    expect((await xiaomei.call('GET', `inbox/${item.id}`)).body.canReply.ok).toBe(false); // remembered: the console disables the box
  });

  it('only operators and admins may use the inbox: anonymous 401, marketing 403, a write without the CSRF token 403', async () => {
    expect((await fetch(`${base}/console/api/inbox`)).status).toBe(401);
    expect((await fetch(`${base}/console/api/inbox/events`)).status).toBe(401);
    const market = await new Operator(base).login('market');
    expect((await market.call('GET', 'inbox')).status).toBe(403);
    const xiaomei = await new Operator(base).login('xiaomei');
    const cookie = (xiaomei as unknown as { cookie: string }).cookie;
    const res = await fetch(`${base}/console/api/inbox-presence`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'away' }),
    });
    expect(res.status).toBe(403);
    expect((await xiaomei.call('POST', 'inbox/abc/take')).status).toBe(400);
    expect((await xiaomei.call('POST', 'inbox/999999/take')).status).toBe(404);
  });
});
