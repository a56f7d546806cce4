import { ChannelWindowError } from '../../src/core/errors';
import { ConversationBusyError } from '../../src/outreach/sender';
import { compileTrigger } from '../../src/outreach/trigger-schema';
import { listDeadLetters } from '../../src/outreach/dead-letters';
import { localMinuteOfDay } from '../../src/outreach/policy/quiet-hours';
import type { KefuEvent } from '../../src/events/event';
import { harness, user, until, type Harness } from './helpers';

const nudge = compileTrigger({ id: 'nudge', on: 'poke', subject: 'payload.n', send: { text: '亲，第{{ event.payload.n }}条提醒～' } });
const service = compileTrigger({
  id: 'ship_notice',
  on: 'shipped',
  subject: 'payload.orderId',
  kind: 'service',
  subscription: { template: 'order_shipped' },
  send: { text: '亲，您的订单 {{ event.payload.orderId }} 已发货～' },
});
let h: Harness | undefined;
let n = 0;
const ev = (type: string, payload: Record<string, unknown>, userId = 'u1'): KefuEvent => ({
  id: `e${++n}`,
  type,
  userId,
  at: Date.now(),
  payload,
});
const reasons = async (hh: Harness) => (await listDeadLetters(hh.outreach.queues)).map((d) => `${d.queue}:${d.reason}`).sort();

afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('policy at send time through the workers', () => {
  it('caps: the third message of the day is suppressed (not retried) with reason cap_day', async () => {
    h = harness([nudge]);
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    for (const i of [1, 2, 3]) await h.outreach.scheduler.handleEvent(ev('poke', { n: i }));
    await until(async () => (await reasons(h!)).length === 1 && h!.sender.sends.length === 2);
    expect(await reasons(h)).toEqual(['send-test:cap_day']);
    const [dead] = await listDeadLetters(h.outreach.queues);
    expect(dead).toMatchObject({ suppressed: true, attemptsMade: 1 });
    expect([...h.log.rows.values()].filter((r) => r.status === 'suppressed').map((r) => r.reason)).toEqual(['cap_day']);
  });

  it('opt-out: suppressed with reason opted_out, nothing sent', async () => {
    h = harness([nudge]);
    h.users.add(user('u1', { tags: ['unsubscribe'] }));
    h.directory.add('u1', 'test');
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await reasons(h!)).length === 1);
    expect(await reasons(h)).toEqual(['outreach:opted_out']);
    expect(h.sender.sends).toHaveLength(0);
  });

  it('quiet hours: postponed (delayed, not dropped), then sent when they end', async () => {
    const now = Date.now();
    const minute = localMinuteOfDay(now, 'UTC');
    const quietHours = { startMinute: Math.max(0, minute - 5), endMinute: minute + 2 / 60 };
    h = harness([nudge], ['test'], { policy: { quietHours } });
    h.users.add(user('u1', { attributes: { timezone: 'UTC' } }));
    h.directory.add('u1', 'test');
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(
      async () =>
        (await h!.outreach.queues.due.getJobState('nudge.1')) === 'delayed' &&
        (await h!.outreach.queues.due.getJob('nudge.1'))!.attemptsStarted > 0,
    );
    expect(h.sender.sends).toHaveLength(0);
    await h.sender.waitFor(1, 10_000);
    expect(await reasons(h)).toEqual([]);
  });

  it('no channel yet for a fresh event (the first turn is still being recorded): retried shortly, then sent', async () => {
    h = harness([nudge]);
    h.users.add(user('u1'));
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await h!.outreach.queues.due.getJob('nudge.1'))!.attemptsStarted > 0);
    expect(h.sender.sends).toHaveLength(0);
    h.directory.add('u1', 'test'); // the turn's record is written: now the shopper can be reached
    await h.sender.waitFor(1, 10_000);
    expect(await reasons(h)).toEqual([]);
  });

  it('no channel for a job queued longer ago than the grace: suppressed with reason no_channel', async () => {
    const late = compileTrigger({ id: 'late', on: 'poke', subject: 'payload.n', delay: '11s', send: { text: '亲～' } });
    h = harness([late]);
    h.users.add(user('u1'));
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await reasons(h!)).length === 1, 20_000);
    expect(await reasons(h)).toEqual(['outreach:no_channel']);
  }, 30_000);

  it('closed WeChat window: suppressed with reason window_closed', async () => {
    h = harness([nudge], ['wechat-official']);
    h.users.add(user('u1'));
    h.directory.add('u1', 'wechat-official');
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await reasons(h!)).length === 1);
    expect(await reasons(h)).toEqual(['outreach:window_closed']);
    await h.outreach.ledger.recordInbound('wechat-official', 'u1', 'message', Date.now());
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 2 }));
    await h.sender.waitFor(1);
    expect(h.sender.sends[0]!.ref.channel).toBe('wechat-official');
  });

  it('omnichannel: prefers an open window on the most recent channel, else a consented subscription (service only)', async () => {
    h = harness([nudge, service], ['wechat-official', 'web']);
    h.users.add(user('u1'));
    h.directory
      .add('u1', 'web', { lastInboundAt: Date.now(), connected: false })
      .add('u1', 'wechat-official', { lastInboundAt: Date.now() - 1000 });
    await h.outreach.ledger.recordConsent('u1', 'order_shipped');
    await h.outreach.scheduler.handleEvent(ev('shipped', { orderId: 'o1' }));
    await h.sender.waitFor(1);
    expect(h.sender.sends[0]!.options.subscriptionTemplate).toBe('order_shipped');
    expect(h.sender.sends[0]!.ref.channel).toBe('wechat-official');
    // consent used up and marketing may never use it: both suppressed with the most recent channel's reason
    await h.outreach.scheduler.handleEvent(ev('shipped', { orderId: 'o2' }));
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await reasons(h!)).length === 2);
    expect(await reasons(h)).toEqual(['outreach:not_connected', 'outreach:not_connected']);
    // the web shopper connects: sent there
    h.directory.map.get('u1')![0]!.connected = true;
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 3 }));
    await h.sender.waitFor(2);
    expect(h.sender.sends[1]!.ref.channel).toBe('web');
  });

  it('the platform says the window closed although the ledger thought it open: a service job falls back to its consented subscription message', async () => {
    h = harness([nudge, service], ['wechat-official']);
    h.users.add(user('u1'));
    h.directory.add('u1', 'wechat-official');
    await h.outreach.ledger.recordInbound('wechat-official', 'u1', 'message', Date.now());
    await h.outreach.ledger.recordConsent('u1', 'order_shipped');
    const original = h.sender.send.bind(h.sender);
    h.sender.send = async (ref, message, options) => {
      if (!options.subscriptionTemplate) throw new ChannelWindowError('wechat-official', 'window_closed', 45015);
      return original(ref, message, options);
    };
    await h.outreach.scheduler.handleEvent(ev('shipped', { orderId: 'o9' }));
    await h.sender.waitFor(1);
    expect(h.sender.sends).toHaveLength(1);
    expect(h.sender.sends[0]!.options.subscriptionTemplate).toBe('order_shipped');
    await until(() => [...h!.log.rows.values()].some((r) => r.status === 'sent'));
    expect([...h.log.rows.values()].map((r) => `${r.status}:${r.reason ?? ''}`)).toEqual([
      'sent:subscription_after_platform_window_closed',
    ]);
    // the ledger now knows the window is closed, and the consent is used up
    expect(await h.outreach.ledger.windows.check('wechat-official', 'u1', Date.now())).toMatchObject({
      allowed: false,
      reason: 'window_closed',
    });
    expect(await h.outreach.ledger.consents.check('u1', 'order_shipped')).toMatchObject({ allowed: false });
  });

  it('the platform refuses over quota and there is no consent: suppressed (not retried) with reason platform_window_quota', async () => {
    h = harness([nudge], ['wechat-official']);
    h.users.add(user('u1'));
    h.directory.add('u1', 'wechat-official');
    await h.outreach.ledger.recordInbound('wechat-official', 'u1', 'message', Date.now());
    let calls = 0;
    h.sender.send = async () => {
      calls += 1;
      throw new ChannelWindowError('wechat-official', 'window_quota', 45047);
    };
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(async () => (await reasons(h!)).length === 1);
    expect(await reasons(h)).toEqual(['send-wechat-official:platform_window_quota']);
    expect(calls).toBe(1);
    expect(await h.outreach.ledger.windows.check('wechat-official', 'u1', Date.now())).toMatchObject({
      allowed: false,
      reason: 'window_quota',
    });
  });

  it('conversion: order_paid within the window marks the latest send converted', async () => {
    h = harness([nudge]);
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await h.sender.waitFor(1);
    await until(() => [...h!.log.rows.values()].some((r) => r.status === 'sent'));
    await h.outreach.scheduler.handleEvent(ev('order_paid', { orderId: 'o1' }));
    expect([...h.log.rows.values()].map((r) => r.status)).toEqual(['converted']);
  });
});

describe('workers: retries, start flows, graceful shutdown', () => {
  it('a failing send is retried with backoff and delivered once', async () => {
    h = harness([nudge]);
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    const original = h.sender.send.bind(h.sender);
    let calls = 0;
    h.sender.send = async (...args) => {
      calls += 1;
      if (calls === 1) throw new Error('channel timeout');
      return original(...args);
    };
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await h.sender.waitFor(1, 20_000);
    await until(async () => (await h!.outreach.queues.send('test').getCompletedCount()) === 1);
    const [job] = await h.outreach.queues.send('test').getCompleted();
    expect(job!.attemptsMade).toBe(2);
    expect(h.sender.sends).toHaveLength(1);
  });

  it('start: triggers start a flow through the Sender', async () => {
    const starter = compileTrigger({ id: 'coupon_talk', on: 'coupon_issued', subject: 'payload.code', start: 'coupon_reminder' });
    h = harness([starter]);
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    const started: string[] = [];
    Object.assign(h.sender, {
      startFlow: async (_ref: unknown, flowId: string, vars: { event: { payload: { code: string } } }) =>
        void started.push(`${flowId}:${vars.event.payload.code}`),
    });
    await h.outreach.scheduler.handleEvent(ev('coupon_issued', { code: 'K1' }));
    await until(() => started.length === 1);
    expect(started).toEqual(['coupon_reminder:K1']);
  });

  it('a start: flow suppressed as conversation_busy gives back its cap slot and its WeChat window message', async () => {
    const starter = compileTrigger({ id: 'coupon_talk', on: 'coupon_issued', subject: 'payload.code', start: 'coupon_reminder' });
    const ch = 'wechat-official';
    h = harness([starter], [ch]);
    h.users.add(user('u1'));
    h.directory.add('u1', ch);
    await h.outreach.ledger.recordInbound(ch, 'u1', 'message', Date.now());
    const tried: string[] = [];
    Object.assign(h.sender, {
      startFlow: async (_ref: unknown, flowId: string, _vars: unknown, options: { idempotencyKey: string }) => {
        tried.push(options.idempotencyKey);
        throw new ConversationBusyError(flowId, 'handoff');
      },
    });
    await h.outreach.scheduler.handleEvent(ev('coupon_issued', { code: 'K1' }));
    await until(async () => (await reasons(h!)).length === 1);
    expect(await reasons(h)).toEqual([`send-${ch}:conversation_busy`]);
    expect(tried).toHaveLength(1); // it did take the reservation before the flow was refused
    const keys = h.outreach.context.keys;
    expect(await h.redis.zscore(keys.caps('u1'), tried[0]!)).toBeNull();
    expect(await h.redis.hget(keys.window(ch, 'u1'), 'message:used')).toBe('0');
    expect(await h.redis.exists(keys.windowReservation(tried[0]!))).toBe(0);
  });

  it('close() waits for a running send (graceful shutdown)', async () => {
    h = harness([nudge]);
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const original = h.sender.send.bind(h.sender);
    let entered = false;
    h.sender.send = async (...args) => {
      entered = true;
      await gate;
      return original(...args);
    };
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(() => entered);
    let closed = false;
    const closing = h.outreach.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(h.sender.sends).toHaveLength(1);
    await h.cleanup().catch(() => undefined);
    h = undefined;
  });
});

describe('per-channel rate limits', () => {
  it('a channel limited to 1 send per minute holds the second message in its send queue', async () => {
    h = harness([nudge], ['test', 'web'], {}, { rateLimits: { test: { max: 1, duration: 60_000 } } });
    h.users.add(user('u1')).add(user('u2'));
    h.directory.add('u1', 'test').add('u2', 'web', { connected: true });
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 2 }));
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 3 }, 'u2'));
    await until(() => h!.sender.sends.length === 2);
    await until(async () => (await h!.outreach.queues.due.getCompletedCount()) === 3);
    expect(h.sender.sends.map((s) => s.ref.channel).sort()).toEqual(['test', 'web']); // the other channel is not held up
    const held = await h.outreach.queues.send('test').getJobCounts('waiting', 'delayed', 'active');
    expect(held.waiting + held.delayed + held.active).toBe(1);
  });
});

describe('send failures', () => {
  it('after the last attempt the send is logged failed and its cap slot given back', async () => {
    const policy = { quietHours: { startMinute: 0, endMinute: 0 }, caps: { perDay: 1, perWeek: 5 } };
    h = harness([nudge], ['test'], { policy, jobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 50 } } });
    h.users.add(user('u1'));
    h.directory.add('u1', 'test');
    let calls = 0;
    h.sender.send = async () => {
      calls += 1;
      throw new Error('channel rejected the message');
    };
    await h.outreach.scheduler.handleEvent(ev('poke', { n: 1 }));
    await until(() => [...h!.log.rows.values()].some((r) => r.status === 'failed'));
    const row = [...h.log.rows.values()].find((r) => r.status === 'failed')!;
    expect(row.reason).toBe('channel rejected the message');
    expect(calls).toBe(2);
    expect(await h.outreach.ledger.caps.check('u1', Date.now())).toEqual({ allowed: true });
    const dead = await listDeadLetters(h.outreach.queues);
    expect(dead).toMatchObject([{ queue: 'send-test', suppressed: false, reason: 'channel rejected the message', attemptsMade: 2 }]);
  });
});
