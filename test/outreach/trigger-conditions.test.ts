import type { KefuEvent } from '../../src/events/event';
import { compileTrigger } from '../../src/outreach/trigger-schema';
import { harness, user, type Harness } from './helpers';

const DAY = 86_400_000;
let h: Harness;
let n = 0;
const delivered = (userId: string, orderId: string): KefuEvent => ({
  id: `ev-${++n}`,
  type: 'order_delivered',
  userId,
  at: Date.now(),
  payload: { orderId, title: '洗发水', repurchaseDays: 30 },
});

// a shop's own trigger: only returning customers (tag 回头客) who are not VIPs get the repurchase nudge
const nudge = compileTrigger({
  id: 'regulars_repurchase',
  on: 'order_delivered',
  subject: 'payload.orderId',
  delay: '28d',
  when: 'user.tags contains "回头客" and not user.attributes.vip',
  send: { text: '亲，{{ event.payload.title }}快用完了吧？老顾客回购有惊喜～' },
});

beforeEach(() => {
  h = harness([nudge]);
  h.users.add(user('u-regular', { tags: ['回头客'] }));
  h.users.add(user('u-vip', { tags: ['回头客'], attributes: { vip: true } }));
  h.users.add(user('u-first', { isNew: true }));
});
afterEach(() => h.cleanup());

describe('proactive triggers whose when reads the shopper profile', () => {
  it('schedules the nudge for a returning customer only, and says why the others were skipped', async () => {
    const regular = await h.outreach.scheduler.handleEvent(delivered('u-regular', 'o-1'));
    const vip = await h.outreach.scheduler.handleEvent(delivered('u-vip', 'o-2'));
    const first = await h.outreach.scheduler.handleEvent(delivered('u-first', 'o-3'));
    const unknown = await h.outreach.scheduler.handleEvent(delivered('u-nobody', 'o-4'));

    expect(regular.scheduled).toEqual(['regulars_repurchase.o-1']);
    for (const skipped of [vip, first, unknown]) {
      expect(skipped.scheduled).toEqual([]);
      expect(skipped.skipped).toEqual([{ trigger: 'regulars_repurchase', reason: 'when_false' }]);
    }
    const job = await h.outreach.queues.due.getJob('regulars_repurchase.o-1');
    expect(job?.opts.delay).toBeGreaterThan(27 * DAY);
  });
});

describe('a when condition is written in the flows’ condition language', () => {
  const scheduled = async (when: string, shopper: Parameters<typeof user>[1], payload: Record<string, unknown>) => {
    const trigger = compileTrigger({ id: 'cond_probe', on: 'probe', subject: 'payload.ref', when, send: { text: '亲～' } });
    const probe = harness([trigger]);
    try {
      probe.users.add(user('u-probe', shopper));
      const event: KefuEvent = { id: `ev-${++n}`, type: 'probe', userId: 'u-probe', at: Date.now(), payload: { ref: `r${n}`, ...payload } };
      const result = await probe.outreach.scheduler.handleEvent(event);
      return result.scheduled.length === 1;
    } finally {
      await probe.cleanup();
    }
  };

  it.each<[string, boolean, Parameters<typeof user>[1], Record<string, unknown>]>([
    ['event.payload.note == "a and b"', true, {}, { note: 'a and b' }],
    ['event.payload.note == "a or b"', false, {}, { note: 'a' }],
    ['(user.isNew)', true, { isNew: true }, {}],
    ['not (user.isNew or event.payload.total > 100)', false, { isNew: true }, { total: 50 }],
    ['not (user.isNew or event.payload.total > 100)', true, { isNew: false }, { total: 50 }],
    ['contains(user.tags, "回头客") and event.payload.title contains "洗发"', true, { tags: ['回头客'] }, { title: '洗发水' }],
    ['user.tags contains "回头客" or user.tags contains "会员"', false, { tags: ['新客'] }, {}],
    ['event.payload.note contains " or "', true, {}, { note: '红色 or 蓝色' }],
    ['len(user.tags) >= 2 and event.payload.total >= 99.5', true, { tags: ['a', 'b'] }, { total: '120' }],
    ['event.payload.total < -1', false, {}, { total: 0 }],
    ['event.payload.title == "他说\\"好\\""', true, {}, { title: '他说"好"' }],
    ["event.payload.title == 'it\\'s' and user.attributes.city == \"杭州\"", true, { attributes: { city: '杭州' } }, { title: "it's" }],
  ])('%s → %s', async (when, expected, shopper, payload) => {
    expect(await scheduled(when, shopper, payload)).toBe(expected);
  });
});
