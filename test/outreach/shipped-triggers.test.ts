import type { TriggerSpec } from '../../src/outreach/trigger-schema';
import { loadShippedTriggers } from '../helpers/shipped-triggers';
import { scheduleCampaign } from '../../src/outreach/campaign';
import type { KefuEvent } from '../../src/events/event';
import { harness, user, until, type Harness } from './helpers';

/** The `proactive:` blocks of flows/*.yaml: the ones kefu runs. */
let triggers: TriggerSpec[] = [];

beforeAll(async () => {
  triggers = await loadShippedTriggers();
});

const MIN = 60_000;
const DAY = 86_400_000;
let h: Harness;
let n = 0;
const ev = (type: string, payload: Record<string, unknown>, at = Date.now(), userId = 'u1'): KefuEvent => ({
  id: `e${++n}`,
  type,
  userId,
  at,
  payload,
});

beforeEach(() => {
  h = harness(triggers);
  h.users.add(user('u1', { displayName: '小王' }));
  h.directory.add('u1', 'test');
});
afterEach(() => h.cleanup());

describe('shipped triggers in flows/*.yaml', () => {
  it('declares each trigger in the flow of its shopping stage', () => {
    expect(Object.fromEntries(triggers.map((t) => [t.id, t.flowId]))).toEqual({
      cart_abandoned: 'payment_nudge',
      unpaid_order: 'payment_nudge',
      coupon_expiring: 'coupon',
      repurchase_cycle: 'repurchase',
      delivery_followup: 'after_delivery',
      live_followup: 'order_guidance',
      live_followup_ask: 'order_guidance',
    });
  });
});

describe('shipped triggers end to end (event → job → policy → message)', () => {
  it('cart abandonment: scheduled 30 min after cart_add and sent with the product title', async () => {
    const fresh = await h.outreach.scheduler.handleEvent(ev('cart_add', { cartId: 'c-fresh', title: '羊毛围巾' }));
    const job = await h.outreach.queues.due.getJob(fresh.scheduled[0]!);
    expect(job?.opts.delay).toBeGreaterThan(29 * MIN);
    await h.outreach.scheduler.handleEvent(ev('cart_add', { cartId: 'c1', title: '羊毛围巾' }, Date.now() - 30 * MIN));
    await h.sender.waitFor(1);
    expect(h.sender.sends[0]!.message).toMatchObject({ type: 'quick_replies', text: expect.stringContaining('羊毛围巾') });
    expect(h.sender.sends[0]!.ref.channel).toBe('test');
  });

  it('unpaid order: reminder 15 min before auto-close', async () => {
    await h.outreach.scheduler.handleEvent(
      ev('order_created', { orderId: 'o1', autoCloseAt: new Date(Date.now() + 15 * MIN).toISOString() }),
    );
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends[0]!.message)).toContain('o1');
  });

  it('coupon expiry: 24 h before expiresAt', async () => {
    await h.outreach.scheduler.handleEvent(
      ev('coupon_issued', { couponCode: 'K1', title: '满100减20券', expiresAt: new Date(Date.now() + DAY).toISOString() }),
    );
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends[0]!.message)).toContain('满100减20券');
  });

  it('repurchase cycle: delivered + repurchaseDays − 2 d; skipped without repurchaseDays', async () => {
    const skipped = await h.outreach.scheduler.handleEvent(ev('order_delivered', { orderId: 'o9', category: 'home', title: '抽纸' }));
    expect(skipped.skipped).toContainEqual({ trigger: 'repurchase_cycle', reason: 'when_false' });
    await h.outreach.scheduler.handleEvent(
      ev('order_delivered', { orderId: 'o2', category: 'beauty', title: '洗发水', repurchaseDays: 30 }, Date.now() - 28 * DAY),
    );
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends.map((s) => s.message))).toContain('洗发水');
  });

  it('post-delivery follow-up: 3 days after order_delivered', async () => {
    await h.outreach.scheduler.handleEvent(ev('order_delivered', { orderId: 'o3', title: '蓝牙耳机' }, Date.now() - 3 * DAY));
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends[0]!.message)).toContain('打个分');
  });

  it('live-room follow-up after live_purchase_intent', async () => {
    await h.outreach.scheduler.handleEvent(ev('live_purchase_intent', { productId: 'p7', title: '直播款卫衣' }, Date.now() - 10 * MIN));
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends[0]!.message)).toContain('直播款卫衣');
  });

  it('live-room follow-up without a product asks which one, and a later named product replaces it', async () => {
    await h.outreach.scheduler.handleEvent(
      ev('live_purchase_intent_no_product', { room: 'main', text: '我要下单' }, Date.now() - 10 * MIN),
    );
    await h.sender.waitFor(1);
    expect(JSON.stringify(h.sender.sends[0]!.message)).toContain('几号链接');
    const asked = await h.outreach.scheduler.handleEvent(
      ev('live_purchase_intent_no_product', { room: 'main', text: '下单' }, Date.now(), 'u9'),
    );
    expect(asked.scheduled).toHaveLength(1);
    const named = await h.outreach.scheduler.handleEvent(
      ev('live_purchase_intent', { productId: 'p7', title: '直播款卫衣' }, Date.now(), 'u9'),
    );
    expect(named.cancelled).toEqual(asked.scheduled);
    expect(await h.outreach.queues.due.getJob(asked.scheduled[0]!)).toBeUndefined();
  });

  it('one-off campaign to a segment', async () => {
    for (const id of ['u2', 'u3', 'u4']) {
      h.users.add(user(id, { displayName: id }));
      h.directory.add(id, 'test');
    }
    async function* segment() {
      yield* ['u1', 'u2', 'u3', 'u4', 'ghost'];
    }
    const r = await scheduleCampaign(h.outreach.queues, {
      id: 'spring',
      segment: segment(),
      at: Date.now(),
      message: { text: '{{ user.displayName }}，春季上新啦～' },
      chunkSize: 2,
    });
    expect(r).toEqual({ users: 5, chunks: 3 });
    await h.sender.waitFor(4);
    await until(() => [...h.log.rows.values()].some((row) => row.userId === 'ghost' && row.reason === 'unknown_user'));
    expect(h.sender.sends.map((s) => (s.message as { text: string }).text).sort()).toEqual([
      'u2，春季上新啦～',
      'u3，春季上新啦～',
      'u4，春季上新啦～',
      '小王，春季上新啦～',
    ]);
  });

  it('order_paid cancels the unpaid reminder; a duplicate event does not create a second job', async () => {
    const created = ev('order_created', { orderId: 'o5', autoCloseAt: new Date(Date.now() + 60 * MIN).toISOString() });
    const first = await h.outreach.scheduler.handleEvent(created);
    const again = await h.outreach.scheduler.handleEvent({ ...created, id: 'other-id' });
    expect(first.scheduled).toEqual(['unpaid_order.o5']);
    expect(again.duplicates).toEqual(['unpaid_order.o5']);
    expect(await h.outreach.queues.due.getDelayedCount()).toBe(1);
    const paid = await h.outreach.scheduler.handleEvent(ev('order_paid', { orderId: 'o5' }));
    expect(paid.cancelled).toEqual(['unpaid_order.o5']);
    expect(await h.outreach.queues.due.getJob('unpaid_order.o5')).toBeUndefined();
    // a late, out-of-order order_created (older than the payment) does not re-schedule
    const late = await h.outreach.scheduler.handleEvent({ ...created, id: 'late' });
    expect(late.skipped).toContainEqual({ trigger: 'unpaid_order', reason: 'cancelled_earlier' });
  });

  it('a job already running is suppressed by the cancel marker', async () => {
    const e = ev('cart_add', { cartId: 'c2', title: 'T恤' }, Date.now() - 40 * MIN);
    await h.outreach.scheduler.cancel('cart_abandoned.c2', Date.now());
    // schedule bypassing the scheduler's own check: add the job as if it were already queued
    await h.outreach.queues.due.add(
      'due',
      { triggerId: 'cart_abandoned', userId: 'u1', kind: 'marketing', action: { send: { text: 'x' } }, event: e },
      { jobId: 'cart_abandoned.c2' },
    );
    await until(async () => (await h.outreach.queues.due.getFailedCount()) === 1);
    const [failed] = await h.outreach.queues.due.getFailed();
    expect(failed!.failedReason).toBe('suppressed:cancelled');
    expect(h.sender.sends).toHaveLength(0);
  });
});
