/* eslint-disable @typescript-eslint/no-explicit-any -- the console API's JSON bodies are read by shape in the assertions */
import { randomUUID } from 'node:crypto';
import { demoShopperOrderIds } from '../../src/commerce/demo-shopper-orders';
import { ServiceSessionEntity } from '../../src/store/entities/service-session.entity';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { ConsoleClient } from '../helpers/console-client';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { pollUntil, waitUntil } from '../helpers/wait-until';
import { WebShopper } from '../helpers/web-shopper';

jest.setTimeout(120_000);

const PASSWORD = 'inbox-paths-password-2026';
const APP: FakeApp = {
  appId: 'wxinboxpaths0000001',
  secret: 'inbox-paths-secret',
  token: 'inboxPathsToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const MINUTE = 60_000;

describe('agent inbox paths: orders, cards, WeChat’s allowance, a shopper who left, transfer, KPIs and idle time, retries', () => {
  let fake: FakeWechatServer;
  let running: TestKefu;
  let base: string;
  let xiaomei: ConsoleClient;
  const seen = new Set<number>(); // handoffs earlier tests opened

  /** The next handoff of `channel` to reach the inbox (one not seen before). */
  async function nextHandoff(channel: string): Promise<number> {
    const fresh = await pollUntil(
      async () => {
        await running.kefu.core.recorder.flush();
        const { body } = await xiaomei.call('GET', '/console/api/inbox?status=open');
        return (body.items as any[]).filter((i) => i.channel === channel && !seen.has(i.id));
      },
      (items) => items.length > 0,
      15_000,
      `a new ${channel} handoff in the inbox`,
    );
    seen.add(fresh[0].id);
    return fresh[0].id as number;
  }

  /** A web shopper who asked for a human, and the handoff's id. */
  async function webHandoff(): Promise<{ shopper: WebShopper; id: number }> {
    const shopper = await WebShopper.connect(base);
    await shopper.say('转人工');
    return { shopper, id: await nextHandoff('web') };
  }

  const reply = (client: ConsoleClient, id: number, message: unknown, clientId = randomUUID().slice(0, 12)) =>
    client.post(`/console/api/inbox/${id}/reply`, { message, clientId });
  const detail = async (id: number) => (await xiaomei.call('GET', `/console/api/inbox/${id}`)).body;
  const handoffRecord = async (id: number) => (await running.kefu.core.desk.handoffs.byId(id))!;
  const signedIn = async (name: string): Promise<ConsoleClient> => {
    const client = new ConsoleClient(base, PASSWORD);
    expect((await client.login(name)).status).toBe(200);
    return client;
  };

  beforeAll(async () => {
    fake = await FakeWechatServer.start({ apps: [APP] });
    running = await startTestKefu(() => ({
      quietHours: 'off',
      webPresenceGraceMs: 0, // a closed page leaves at once
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
    await users.add('lisi', 'operator', PASSWORD);
    await users.setDisabled('lisi', true);
    await users.add('market', 'marketing', PASSWORD);
    xiaomei = await signedIn('xiaomei');
    expect((await xiaomei.post('/console/api/inbox-presence', { status: 'online' })).status).toBe(200);
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('shows the shopper’s recent orders from the shop, newest first', async () => {
    const { shopper, id } = await webHandoff();
    const { userId } = await handoffRecord(id);
    const { orders } = await detail(id);
    expect((orders as any[]).map((o) => o.id).sort()).toEqual([...demoShopperOrderIds(userId)].sort()); // the demo shop's orders of this shopper
    const times = (orders as any[]).map((o) => Date.parse(o.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(orders[0]).toMatchObject({
      status: expect.any(String),
      total: expect.any(Number),
      items: [{ title: expect.any(String), quantity: expect.any(Number) }],
    });
    shopper.close();
  });

  it('sends a picture (https only) and a coupon card issued from the flows’ templates; another template is refused', async () => {
    const { shopper, id } = await webHandoff();
    const insecure = await reply(xiaomei, id, { type: 'image', url: 'http://img.example.cn/a.jpg' });
    expect(insecure.status).toBe(400);
    expect(insecure.body.message).toContain('https');

    const picture = await reply(xiaomei, id, { type: 'image', url: 'https://img.example.cn/size-chart.jpg' });
    expect(picture.status).toBe(200);
    await waitUntil(
      () => shopper.frames.some((f) => f.message?.type === 'image' && f.message.url === 'https://img.example.cn/size-chart.jpg'),
      () => shopper.frames,
      10_000,
    );

    const { templates } = (await xiaomei.call('GET', '/console/api/inbox-coupons')).body;
    expect(templates).toContain('APOLOGY_15'); // complaint.yaml issues it
    const coupon = await reply(xiaomei, id, { type: 'coupon', templateId: 'APOLOGY_15' });
    expect(coupon.status).toBe(200);
    const card = await pollUntil(
      async () => shopper.frames.find((f) => f.message?.type === 'coupon_card')?.message,
      (m) => m !== undefined,
      10_000,
      'the coupon card on the web chat',
    );
    expect(card).toMatchObject({ type: 'coupon_card', coupon: { code: expect.any(String), amount: expect.any(Number) } });

    expect(templates).not.toContain('PROMO_618_50'); // a template of the shop no flow issues
    const other = await reply(xiaomei, id, { type: 'coupon', templateId: 'PROMO_618_50' });
    expect(other.status).toBe(400);
    expect(shopper.frames.filter((f) => f.message?.type === 'coupon_card')).toHaveLength(1);

    const kinds = ((await detail(id)).transcript as any[]).filter((m) => m.from === 'operator').map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['image', 'coupon_card']));
    shopper.close();
  });

  it('WeChat’s 5 messages per shopper message: the next reply is refused with the reason until the shopper writes again', async () => {
    const openid = `o-quota-${randomUUID().slice(0, 8)}`;
    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '转人工' }, { safe: true });
    const id = await nextHandoff('wechat-official');
    const answers: number[] = [];
    let refused: any;
    for (let i = 1; i <= 6 && !refused; i++) {
      const res = await reply(xiaomei, id, { type: 'text', text: `第 ${i} 条回复` });
      answers.push(res.status);
      if (res.status !== 200) refused = res;
    }
    expect(refused?.status).toBe(409);
    expect(refused.body.message).toContain('5 条');
    expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(4); // the bot's handoff line may use one
    const delivered = () => receivedBy(fake, openid).filter((m) => m.type === 'text' && m.text.includes('条回复'));
    await waitUntil(() => delivered().length === answers.length - 1, delivered, 10_000); // each 200 went out, the refused one not
    expect((await detail(id)).canReply).toEqual({ ok: false, note: expect.stringContaining('5 条') });

    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '好的，我等你' }, { safe: true });
    await pollUntil(
      async () => (await detail(id)).canReply.ok,
      (ok) => ok === true,
      10_000,
      'the reply box to open again',
    );
    expect((await reply(xiaomei, id, { type: 'text', text: '久等了～' })).status).toBe(200);
  });

  it('a web shopper who left: the reply is kept with a note and shown when they come back', async () => {
    const { shopper, id } = await webHandoff();
    const ids = shopper.ids;
    shopper.close();
    await pollUntil(
      async () => (await detail(id)).canReply,
      (c) => c.note !== undefined,
      10_000,
      'the console to see the shopper left',
    );
    expect((await detail(id)).canReply).toEqual({ ok: true, note: expect.stringContaining('离开') });
    const kept = await reply(xiaomei, id, { type: 'text', text: '您的退款已经处理好了' });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ delivered: false, note: expect.stringContaining('离开') });

    const back = await WebShopper.connect(base, ids);
    const welcome = back.frames.find((f) => f.type === 'welcome') as any;
    const shown = (welcome.history as any[]).map((h) => (h.from === 'bot' ? h.message.text : h.text));
    expect(shown).toContain('您的退款已经处理好了');
    back.close();
  });

  it('transfers to a colleague (who may then reply, the first operator not); a disabled, unknown or marketing account is refused', async () => {
    const laowang = await signedIn('laowang');
    const { shopper, id } = await webHandoff();
    expect((await xiaomei.post(`/console/api/inbox/${id}/take`)).status).toBe(200);
    for (const to of ['lisi', 'nobody', 'market']) {
      const res = await xiaomei.post(`/console/api/inbox/${id}/transfer`, { to });
      expect({ to, status: res.status }).toEqual({ to, status: 400 });
    }
    expect((await laowang.post(`/console/api/inbox/${id}/transfer`, { to: 'laowang' })).status).toBe(409); // not theirs to move

    const moved = await xiaomei.post(`/console/api/inbox/${id}/transfer`, { to: 'laowang' });
    expect(moved.status).toBe(200);
    expect(moved.body.handoff).toMatchObject({ id, status: 'taken', operator: 'laowang' });
    expect((await reply(xiaomei, id, { type: 'text', text: '我还在' })).status).toBe(409);
    expect((await reply(laowang, id, { type: 'text', text: '您好，我是老王，接着为您处理～' })).status).toBe(200);
    await shopper.waitFor((t) => t.includes('我是老王'));
    shopper.close();
  });

  it('an operator’s reply is the first response of a session the bot stayed silent in, and restarts the idle time', async () => {
    const { core } = running.kefu;
    const { shopper, id } = await webHandoff();
    const { conversation } = await handoffRecord(id);

    // 40 minutes pass: the shopper's next message opens a new session (the bot is silent: a human has it) …
    await core.recorder.flush();
    const sessions = core.dataSource.getRepository(ServiceSessionEntity);
    for (const row of await sessions.findBy({ conversationId: conversation }))
      await sessions.update(
        { id: row.id },
        { startedAt: new Date(row.startedAt.getTime() - 40 * MINUTE), lastAt: new Date(row.lastAt.getTime() - 40 * MINUTE) },
      );
    const before = shopper.replies().length;
    await shopper.say('还有人吗？');
    expect(shopper.replies().length).toBe(before);
    await core.recorder.flush();
    const kpis = async () => (await xiaomei.call('GET', '/console/api/kpis/service?days=2&channel=web')).body.totals;
    const unanswered = await kpis();

    // The shopper's last message was 25 minutes ago (the bot takes a handoff back after 30 idle minutes).
    const state = (await core.state.load(conversation))!;
    expect(state.mode).toBe('handoff');
    await core.state.save(conversation, { ...state, handoffAt: Date.now() - 65 * MINUTE, updatedAt: Date.now() - 25 * MINUTE });

    expect((await reply(xiaomei, id, { type: 'text', text: '在的，马上帮您看～' })).status).toBe(200);
    const answered = await kpis();
    expect(answered.sessions).toBe(unanswered.sessions);
    expect(answered.answered).toBe(unanswered.answered + 1);
    expect(answered.firstResponseMs.p95).not.toBeNull();
    const latest = (await sessions.find({ where: { conversationId: conversation }, order: { id: 'DESC' }, take: 1 }))[0]!;
    expect(latest.firstResponseMs).not.toBeNull();

    // 10 minutes later: 35 after the shopper's last message, past the old deadline, 10 after the operator's reply.
    const later = (await core.state.load(conversation))!;
    await core.state.save(conversation, { ...later, updatedAt: later.updatedAt - 10 * MINUTE });
    expect(Date.now() - (await core.state.load(conversation))!.updatedAt).toBeLessThan(30 * MINUTE); // the reply counted
    await shopper.say('好的谢谢');
    expect(shopper.replies().length).toBe(before + 1); // only the operator's reply
    expect((await core.state.load(conversation))!.mode).toBe('handoff');
    expect((await handoffRecord(id)).status).toBe('taken');
    shopper.close();
  });

  it('without an operator’s reply the same idle time gives the conversation back to the bot (the check above can fail)', async () => {
    const { core } = running.kefu;
    const { shopper, id } = await webHandoff();
    const { conversation } = await handoffRecord(id);
    const state = (await core.state.load(conversation))!;
    await core.state.save(conversation, { ...state, handoffAt: Date.now() - 35 * MINUTE, updatedAt: Date.now() - 35 * MINUTE });
    await shopper.say('好的谢谢');
    await shopper.waitFor((t) => t.includes('小助手先为您服务')); // texts.handoff_expired
    expect((await core.state.load(conversation))!.mode).toBe('bot');
    shopper.close();
  });

  it('a retried click with the same clientId sends the reply once and answers the same', async () => {
    const { shopper, id } = await webHandoff();
    const clientId = `retry-${randomUUID().slice(0, 8)}`;
    const message = { type: 'text', text: '您的订单已加急处理' };
    const first = await reply(xiaomei, id, message, clientId);
    const again = await reply(xiaomei, id, message, clientId);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const racing = await Promise.all([1, 2].map(() => reply(xiaomei, id, { type: 'text', text: '稍等' }, `race-${clientId}`)));
    expect(racing.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200]));
    await shopper.waitFor((t) => t.includes('稍等'));
    await running.kefu.core.recorder.flush();
    const texts = ((await detail(id)).transcript as any[]).filter((m) => m.from === 'operator').map((m) => m.text);
    expect(texts.filter((t) => t === '您的订单已加急处理')).toHaveLength(1);
    expect(texts.filter((t) => t === '稍等')).toHaveLength(1);
    expect(shopper.replies().filter((t) => t === '您的订单已加急处理')).toHaveLength(1);
    expect(shopper.replies().filter((t) => t === '稍等')).toHaveLength(1);
    shopper.close();
  });
});
