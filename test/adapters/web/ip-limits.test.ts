import type { ServerFrame } from '../../../adapters/web';
import { IpLimits } from '../../../adapters/web/ip-limits';
import { startChat, TestClient, type ChatHarness } from './harness';

type ErrorFrame = Extract<ServerFrame, { type: 'error' }>;
const isError = (code: string) => (f: ServerFrame) => f.type === 'error' && f.code === code;

describe('web chat: limits per client address (all tests connect from 127.0.0.1)', () => {
  let chat: ChatHarness;
  const clients: TestClient[] = [];
  const hello = async () => {
    const { client } = await TestClient.hello(chat.wsUrl);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await chat.close();
  });

  it('several sockets of one address share a message budget, each staying under its own limit', async () => {
    chat = await startChat({ rateLimit: { messages: 10, perMs: 60_000 }, ipLimit: { messages: 6, perMs: 60_000, connections: 10 } });
    const tabs = [await hello(), await hello(), await hello()];
    // 3 tabs × 3 messages = 9: each tab is far under its own 10, the address is over its 6
    for (let round = 0; round < 3; round++)
      tabs.forEach((tab, i) => tab.json({ type: 'message', id: `t${i}-${round}`, text: `第${i}个标签第${round}条` }));
    const errors = () => tabs.flatMap((tab) => tab.frames.filter(isError('rate_limited'))) as ErrorFrame[];
    await waitFor(() => chat.received.length + errors().length >= 9);
    await new Promise((r) => setTimeout(r, 100)); // nothing more arrives
    expect(chat.received).toHaveLength(6);
    expect(errors()).toHaveLength(3);
    expect(errors()[0]).toEqual({
      type: 'error',
      code: 'rate_limited',
      reason: 'too many messages from this network address, slow down',
      text: '当前网络下发来的消息有点多，请稍等一会儿再发哦～',
    });
  });

  it('the per-connection limit still applies first, with its own Chinese text', async () => {
    chat = await startChat({ rateLimit: { messages: 2, perMs: 60_000 }, ipLimit: { messages: 100, perMs: 60_000, connections: 10 } });
    const tab = await hello();
    for (let i = 0; i < 3; i++) tab.json({ type: 'message', id: `m${i}`, text: `第${i}条` });
    const err = (await tab.next(isError('rate_limited'))) as ErrorFrame;
    expect(err).toMatchObject({ reason: 'too many messages, slow down', text: '您发得太快啦，歇一下再发哦～' });
  });

  it('refuses sockets over the connection cap with a Chinese notice and close code 1013, and admits again after one closes', async () => {
    chat = await startChat({ ipLimit: { messages: 100, perMs: 60_000, connections: 2 } });
    const first = await hello();
    await hello();
    const refused = await TestClient.open(chat.wsUrl);
    clients.push(refused);
    await refused.next(isError('too_many_connections')).catch(() => undefined);
    await waitFor(() => refused.closed !== undefined);
    expect(refused.closed).toEqual({ code: 1013, reason: 'too many connections from this address' });
    expect(refused.frames[0]).toMatchObject({
      type: 'error',
      code: 'too_many_connections',
      text: '当前网络下打开的客服窗口太多啦，请关掉几个页面，或稍后再试～',
    });
    first.close();
    await waitFor(() => first.closed !== undefined);
    await new Promise((r) => setTimeout(r, 50)); // the server sees the close
    const again = await hello();
    expect((await again.ask('你好')).type).toBe('reply');
  });

  it('without ipLimit only the per-connection bucket applies', async () => {
    chat = await startChat({ rateLimit: { messages: 10, perMs: 60_000 } });
    const tabs = [await hello(), await hello(), await hello()];
    for (const [i, tab] of tabs.entries()) expect((await tab.ask(`第${i}条`)).type).toBe('reply');
  });
});

describe('IpLimits', () => {
  it('forgets an address only when it has no connection and its budget has refilled (a reconnect cannot reset it)', () => {
    let now = 0;
    const limits = new IpLimits({ messages: 2, perMs: 1000, connections: 1 }, () => now);
    const a = limits.admit('198.51.100.7')!;
    expect(limits.admit('198.51.100.7')).toBeUndefined();
    expect([a.take(), a.take(), a.take()]).toEqual([true, true, false]);
    a.release();
    a.release(); // idempotent
    limits.sweep();
    expect(limits.size).toBe(1); // budget still spent
    const b = limits.admit('198.51.100.7')!;
    expect(b.take()).toBe(false);
    b.release();
    now += 1000;
    limits.sweep();
    expect(limits.size).toBe(0);
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped ones as IPv4 (a fresh address per socket gets no fresh budget)', () => {
    const limits = new IpLimits({ messages: 2, perMs: 60_000, connections: 1 });
    const a = limits.admit('2001:db8:1:2::a')!;
    expect(limits.admit('2001:db8:1:2:ffff::b')).toBeUndefined(); // same /64: over the connection cap
    expect(limits.admit('2001:db8:1:3::a')).toBeDefined(); // another network
    expect([a.take(), a.take(), a.take()]).toEqual([true, true, false]);
    limits.admit('::ffff:198.51.100.7');
    expect(limits.admit('198.51.100.7')).toBeUndefined();
  });

  it('0 turns a limit off', () => {
    const limits = new IpLimits({ messages: 0, perMs: 1000, connections: 0 });
    const all = Array.from({ length: 50 }, () => limits.admit('192.0.2.1'));
    expect(all.every((a) => a?.take())).toBe(true);
  });
});

async function waitFor(ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
