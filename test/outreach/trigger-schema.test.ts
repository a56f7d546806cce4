import { FlowError } from '../../src/core/errors';
import { compileTrigger, compileTriggers } from '../../src/outreach/trigger-schema';
import { loadShippedTriggers } from '../helpers/shipped-triggers';
import { parseDuration } from '../../src/outreach/duration';
import { testCondition } from '../../src/flows/conditions/compile';
import { outreachJobId } from '../../src/outreach/job-types';

const pos = { file: 'flows/cart.yaml', line: 3, col: 5 };
const flow = (proactive: unknown[]) => ({ id: 'cart', file: 'flows/cart.yaml', pos, proactive });

describe('proactive trigger schema', () => {
  it('compiles every shipped trigger', async () => {
    const specs = await loadShippedTriggers();
    expect(specs.map((s) => s.id).sort()).toEqual([
      'cart_abandoned',
      'coupon_expiring',
      'delivery_followup',
      'live_followup',
      'live_followup_ask',
      'repurchase_cycle',
      'unpaid_order',
    ]);
    const byId = new Map(specs.map((s) => [s.id, s]));
    expect(byId.get('cart_abandoned')).toMatchObject({
      on: ['cart_add'],
      delayMs: 30 * 60_000,
      cancelOn: ['order_created', 'cart_cleared'],
      subject: ['payload.cartId'],
      kind: 'marketing',
      flowId: 'payment_nudge',
    });
    expect(byId.get('unpaid_order')!.at).toEqual({ field: 'payload.autoCloseAt', offsetMs: -15 * 60_000, plusDaysPath: undefined });
  });

  it('reports the position and problem of a bad entry', () => {
    const bad = { id: 'x', on: 'cart_add', delay: 'soon', send: { text: 'hi' }, pos: { file: 'flows/a.yaml', line: 12, col: 7 } };
    expect(() => compileTriggers([flow([bad])])).toThrow(FlowError);
    expect(() => compileTriggers([flow([bad])])).toThrow(/flows\/a\.yaml:12:7: .*delay: must be a duration/);
  });

  it('rejects send+start, delay+at, marketing subscriptions and duplicate ids', () => {
    expect(() => compileTrigger({ id: 'a', on: 'e', send: { text: 't' }, start: 'f' })).toThrow(/exactly one of send or start/);
    expect(() => compileTrigger({ id: 'a', on: 'e', delay: '1m', at: { field: 'at' }, send: { text: 't' } })).toThrow(/either delay or at/);
    expect(() => compileTrigger({ id: 'a', on: 'e', kind: 'marketing', subscription: { template: 't' }, send: { text: 't' } })).toThrow(
      /kind: service/,
    );
    expect(() => compileTrigger({ id: 'a', on: 'e', send: { text: '亲，{{ event.payload.title' } })).toThrow(/template does not parse/);
    const t = { id: 'a', on: 'e', send: { text: 't' } };
    expect(() => compileTriggers([flow([t]), { ...flow([t]), id: 'other' }])).toThrow(/declared twice/);
  });

  it('parses durations, and evaluates when conditions in the flows’ language on the event and the shopper', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('-24h')).toBe(-86_400_000);
    expect(() => parseDuration('3 days')).toThrow(/not a duration/);
    const scope = { event: { payload: { total: '120', city: '杭州' } }, user: { isNew: true } };
    expect(testCondition('event.payload.total >= 99 and user.isNew', scope)).toBe(true);
    expect(testCondition('event.payload.city == "北京" or not user.isNew', scope)).toBe(false);
    const shopper = { user: { tags: ['回头客', '💎'], attributes: { city: '杭州市西湖区' } } };
    expect(testCondition('user.tags contains "回头客"', shopper)).toBe(true);
    expect(testCondition('user.tags contains "新客"', shopper)).toBe(false);
    expect(testCondition('user.attributes.city contains "杭州"', shopper)).toBe(true);
    expect(testCondition('user.attributes.missing contains "x"', shopper)).toBe(false);
  });

  it('accepts when conditions on event.* and user.*, and names anything else with a fix', () => {
    const ok = { id: 'a', on: 'e', send: { text: 't' }, when: 'user.tags contains "回头客" and event.payload.total >= 99' };
    expect(compileTrigger(ok).when).toBe(ok.when);
    const bad = { ...ok, when: 'vip == true or order.total > 1', pos: { file: 'flows/a.yaml', line: 8, col: 5 } };
    expect(() => compileTriggers([flow([bad])])).toThrow(/flows\/a\.yaml:8:5: .*when reads 'vip', 'order\.total'/);
    const broken = { ...bad, when: 'user.tags contains "回头客" and (event.payload.total >= 99' };
    expect(() => compileTriggers([flow([broken])])).toThrow(
      /flows\/a\.yaml:8:5: invalid proactive trigger a: when: Expected '\)' but the condition ended \(at column 56\)/,
    );
    expect(() => compileTriggers([flow([{ ...bad, when: 'user' }])])).toThrow(/when reads 'user'/);
  });

  it('rejects start: with a subscription (a subscription message carries one fixed text, not a flow)', () => {
    const t = { id: 'a', on: 'e', kind: 'service', subscription: { template: 'order_unpaid' }, start: 'payment_nudge' };
    expect(() => compileTrigger(t)).toThrow(/subscription: a flow \(start:\) cannot go out as a subscription message/);
  });

  it('builds job ids BullMQ accepts (no colon)', () => {
    expect(outreachJobId('cart_abandoned', ['c:9', 'a b'])).toBe('cart_abandoned.c%3A9+a%20b');
  });
});
