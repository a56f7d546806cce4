import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { type RunningKefu } from '../../src/main';

jest.setTimeout(60_000);
const TOKEN = 'operator-token-for-tests-0123456789';
type Frame = { type: string; userId?: string; message?: { type: string; text?: string } };

const NUDGE_FLOW = `flow: test_nudges
title: 测试提醒
triggers:
  - keywords: [测试提醒流程]
steps:
  - say: 好的
proactive:
  - id: quick_cart_nudge
    on: cart_add
    delay: 1s
    cancel_on: [order_created]
    subject: payload.cartId
    kind: marketing
    send:
      text: "亲，购物车里的{{ event.payload.title }}还在等您哦～"
`;

describe('proactive outreach through a running kefu: event in → BullMQ job → policy → web chat', () => {
  let kefu: RunningKefu;
  let running: TestKefu;
  let socket: WebSocket;
  const frames: Frame[] = [];

  const postEvents = (events: unknown[]) =>
    fetch(`${kefu.url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
  const waitFor = async (pred: (f: Frame) => boolean, ms: number): Promise<Frame | undefined> => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const hit = frames.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  };

  beforeAll(async () => {
    running = await startTestKefu((dir) => {
      cpSync(path.resolve(__dirname, '../../flows'), path.join(dir, 'flows'), { recursive: true });
      writeFileSync(path.join(dir, 'flows', 'test-nudges.yaml'), NUDGE_FLOW);
      return { flowsDir: path.join(dir, 'flows'), adminToken: TOKEN, quietHours: 'off' };
    });
    kefu = running.kefu;
    socket = new WebSocket(`${kefu.url.replace('http', 'ws')}/chat/ws`);
    socket.on('message', (d) => frames.push(JSON.parse(d.toString()) as Frame));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ type: 'hello' }));
    await waitFor((f) => f.type === 'welcome', 5000);
    socket.send(JSON.stringify({ type: 'message', id: 'm-hello-1', text: '你好' }));
    await waitFor((f) => f.type === 'reply', 5000);
  });
  afterAll(async () => {
    socket?.close();
    await running?.close();
  });

  it('nudges an abandoned cart once, ignores a duplicate event, and an order cancels a pending nudge', async () => {
    const webId = frames.find((f) => f.type === 'welcome')!.userId!;
    const user = await kefu.core.users.resolve('web', webId);
    const cartAdd = {
      id: `e-${randomUUID()}`,
      type: 'cart_add',
      userId: user.id,
      at: Date.now(),
      payload: { cartId: 'cart-1', title: '加绒连帽卫衣' },
    };
    expect((await postEvents([cartAdd])).status).toBe(202);
    const dup = (await (await postEvents([cartAdd])).json()) as { accepted: { status?: string }[] };
    expect(JSON.stringify(dup)).toMatch(/duplicate/);

    const nudge = await waitFor((f) => f.type === 'reply' && /购物车里的加绒连帽卫衣/.test(f.message?.text ?? ''), 15_000);
    expect(nudge).toBeDefined();

    const second = {
      id: `e-${randomUUID()}`,
      type: 'cart_add',
      userId: user.id,
      at: Date.now(),
      payload: { cartId: 'cart-2', title: '蓝牙降噪耳机' },
    };
    const order = {
      id: `e-${randomUUID()}`,
      type: 'order_created',
      userId: user.id,
      at: Date.now(),
      payload: { cartId: 'cart-2', orderId: 'o-2' },
    };
    expect((await postEvents([second, order])).status).toBe(202);
    expect(await waitFor((f) => /蓝牙降噪耳机/.test(f.message?.text ?? ''), 3500)).toBeUndefined();
    expect(frames.filter((f) => /购物车里的加绒连帽卫衣/.test(f.message?.text ?? ''))).toHaveLength(1);
  });

  it('an operator schedules a campaign to a tagged segment through the admin API', async () => {
    const webId = frames.find((f) => f.type === 'welcome')!.userId!;
    const user = await kefu.core.users.resolve('web', webId);
    await kefu.core.users.update(user.id, { tags: ['双11会员'] });
    const admin = (body: unknown) =>
      fetch(`${kefu.url}/admin/api/campaigns`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await admin({ id: 'Bad Id', tag: 'x', text: 'hi' })).status).toBe(400);
    expect((await admin({ id: 'both_given', tag: 'x', userIds: ['a'], text: 'hi' })).status).toBe(400);
    const res = await admin({ id: 'double11_vip', tag: '双11会员', text: '亲，双11会员专场开始啦，全场满199减30 🎉' });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ id: 'double11_vip', users: 1 });
    expect(await waitFor((f) => f.type === 'reply' && /双11会员专场/.test(f.message?.text ?? ''), 15_000)).toBeDefined();
  });

  it('a campaign message carries a signed unsubscribe link: opening it asks, confirming opts the shopper out', async () => {
    const webId = frames.find((f) => f.type === 'welcome')!.userId!;
    const user = await kefu.core.users.resolve('web', webId);
    await kefu.core.users.update(user.id, { tags: ['会员'] });
    await kefu.core.redis.redis.del(...(await kefu.core.redis.redis.keys(`${kefu.core.config.redisPrefix}:outreach:cap*`))); // fresh caps
    const res = await fetch(`${kefu.url}/admin/api/campaigns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'member_day', tag: '会员', text: '会员日全场9折～不想再收到点这里退订：{{ unsubscribe_url }}' }),
    });
    expect(res.status).toBe(202);
    const message = await waitFor((f) => f.type === 'reply' && /会员日/.test(f.message?.text ?? ''), 15_000);
    const link = /(http\S+\/unsubscribe\?\S+)/.exec(message?.message?.text ?? '')?.[1];
    expect(link).toBeDefined();
    const local = link!.replace(/^http:\/\/localhost:3000/, kefu.url);
    const tampered = await fetch(local.replace(/t=[^&]+/, 't=forged-token-forged-token-forge'));
    expect(tampered.status).toBe(403);
    expect((await kefu.core.userStore.get(user.id))?.optedOut).toBe(false);
    const confirm = await fetch(local); // a link scanner's fetch: the confirm page, no opt-out yet
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('确认退订');
    expect((await kefu.core.userStore.get(user.id))?.optedOut).toBe(false);
    const signed = new URL(local).searchParams;
    const ok = await fetch(`${kefu.url}/unsubscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ u: signed.get('u')!, t: signed.get('t')! }).toString(),
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('已退订');
    expect((await kefu.core.userStore.get(user.id))?.optedOut).toBe(true);
  });
});
