/**
 * `holdout:` on a proactive trigger (docs/outreach.md): the shoppers of the control group — the same ones every time,
 * by a hash of trigger id and user id — are logged as suppressed `holdout` and get nothing; the others get the message.
 */
import type { KefuEvent } from '../../src/events/event';
import { inHoldout } from '../../src/outreach/predict-holdout';
import { compileTrigger } from '../../src/outreach/trigger-schema';
import { harness, until, user, type Harness } from './helpers';

const nudge = compileTrigger({ id: 'cart_nudge_ab', on: 'cart_add', holdout: 0.5, send: { text: '购物车里的宝贝还在等您哦～' } });
let h: Harness | undefined;
let n = 0;
const cartAdd = (userId: string): KefuEvent => ({ id: `ev-${++n}`, type: 'cart_add', userId, at: Date.now(), payload: {} });
/** The first shopper ids in (or out of) the trigger's control group, found by the hash rather than hard-coded. */
const shopper = (held: boolean): string => {
  for (let i = 0; ; i++) if (inHoldout('cart_nudge_ab', `s${i}`, 0.5) === held) return `s${i}`;
};

afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

describe('holdout on a proactive trigger', () => {
  it('compiles the share and rejects one above 1', () => {
    expect(nudge.holdout).toBe(0.5);
    expect(() => compileTrigger({ id: 'bad', on: 'cart_add', holdout: 1.5, send: { text: 'x' } })).toThrow();
  });

  it('keeps the control group out (suppressed `holdout`) and sends to the others', async () => {
    h = harness([nudge]);
    const [held, treated] = [shopper(true), shopper(false)];
    for (const id of [held, treated]) {
      h.users.add(user(id));
      h.directory.add(id, 'test');
      await h.outreach.scheduler.handleEvent(cartAdd(id));
    }
    await until(() => h!.sender.sends.length === 1 && [...h!.log.rows.values()].some((r) => r.status === 'suppressed'));
    const rows = [...h.log.rows.values()].filter((r) => r.status === 'suppressed');
    expect(rows.map((r) => [r.userId, r.triggerId, r.reason])).toEqual([[held, 'cart_nudge_ab', 'holdout']]);
    expect(h.sender.sends.map((s) => s.ref.conversationId)).toEqual([`test-${treated}`]); // the directory's conversation of that shopper
  });
});
