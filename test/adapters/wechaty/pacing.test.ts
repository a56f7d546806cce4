import { SendPacer, isThrottleError } from '../../../adapters/wechaty';
import { createLogger } from '../../../src/index';
import { MockWorld } from './mock-world';

const PACE_MS = 60;

describe('WechatyAdapter pacing (web-protocol accounts get throttled and logged out when they send fast)', () => {
  let world: MockWorld;
  beforeEach(async () => {
    world = new MockWorld({ paceMs: PACE_MS, paceJitterMs: 15, throttleBackoffMs: 20 });
    await world.adapter.start(async () => undefined);
    await world.login();
  });
  afterEach(() => world.close());

  it('spaces sends fired together by at least paceMs, in order, losing none', async () => {
    const wang = world.contact('小王');
    const li = world.contact('小李');
    const to = (c: { id: string }) => ({ channel: 'wechaty', conversationId: c.id, userId: c.id });
    const texts = ['第一条', '第二条', '第三条', '第四条', '第五条'];
    await Promise.all(texts.map((text, i) => world.adapter.send(to(i % 2 ? li : wang), { type: 'text', text })));
    // nothing lost, each shopper got theirs in order
    expect(world.textsSeenBy(wang)).toEqual(texts.filter((_, i) => i % 2 === 0));
    expect(world.textsSeenBy(li)).toEqual(texts.filter((_, i) => i % 2 === 1));
    // the puppet (what WeChat's rate limit sees) was called in order, at least paceMs apart
    const calls = world.puppet.textSendTimes;
    expect(calls.map((c) => c.text)).toEqual(texts);
    for (let i = 1; i < calls.length; i += 1) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(PACE_MS);
  });

  it('backs off and retries a send refused with 发送消息过于频繁', async () => {
    const wang = world.contact('小王');
    world.puppet.throttleNext = 2;
    await world.adapter.send({ channel: 'wechaty', conversationId: wang.id, userId: wang.id }, { type: 'text', text: '亲，订单已发货～' });
    expect(world.textsSeenBy(wang)).toEqual(['亲，订单已发货～']);
    expect(world.puppet.throttleNext).toBe(0);
  });

  it('gives up after the configured retries and says so', async () => {
    const wang = world.contact('小王');
    world.puppet.throttleNext = 10;
    await expect(
      world.adapter.send({ channel: 'wechaty', conversationId: wang.id, userId: wang.id }, { type: 'text', text: '在吗' }),
    ).rejects.toThrow(/过于频繁/);
    expect(world.puppet.throttleNext).toBe(10 - 4);
  });
});

describe('SendPacer', () => {
  const logger = createLogger({ level: 'silent' });

  it('rejects what is still queued when closed, so nothing is silently lost', async () => {
    const pacer = new SendPacer({ paceMs: 10_000, jitterMs: 0, throttleRetries: 0, throttleBackoffMs: 0, logger });
    const done: string[] = [];
    const first = pacer.run(async () => void done.push('a'));
    const second = pacer.run(async () => void done.push('b'));
    await first;
    pacer.close();
    await expect(second).rejects.toThrow(/stopped before this message was sent/);
    await expect(pacer.run(async () => 1)).rejects.toThrow(/stopped/);
    expect(done).toEqual(['a']);
  });

  it('recognises throttling errors of WeChat puppets', () => {
    expect(isThrottleError(new Error('发送消息过于频繁，请稍后再试'))).toBe(true);
    expect(isThrottleError(new Error('操作太频繁'))).toBe(true);
    expect(isThrottleError(new Error('not logged in'))).toBe(false);
  });
});
