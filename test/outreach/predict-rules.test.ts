import { loadFlowBundle } from '../../src/flows/load-bundle';
import { HOLDOUT, PREDICTION_LAPSED } from '../../src/outreach/predict-due-check';
import { inHoldout } from '../../src/outreach/predict-holdout';
import { compilePredictRules, type PredictRule } from '../../src/outreach/predict-rules';
import { localMinuteOfDay } from '../../src/outreach/policy/quiet-hours';
import { SHIPPED_FLOWS_DIR } from '../helpers/shipped-triggers';
import { user, until } from './helpers';
import { change, predictHarness, shoppers, type PredictHarness } from './predict-helpers';

/** The `predict:` blocks of flows/*.yaml: the rules kefu runs. */
let rules: PredictRule[] = [];
let h: PredictHarness | undefined;
const MIN = 60_000;

beforeAll(async () => {
  const { bundle, errors } = await loadFlowBundle(SHIPPED_FLOWS_DIR);
  if (!bundle) throw new Error(errors.map((e) => e.message).join('\n'));
  rules = compilePredictRules(bundle.flows.values());
});
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** A harness over the shipped rules with `ids` as known shoppers reachable on channel `test`. */
function wired(ids: string[], extra: Parameters<typeof predictHarness>[1] = {}, patch: Parameters<typeof user>[1] = {}): PredictHarness {
  h = predictHarness(rules, extra);
  for (const id of ids) {
    h.users.add(user(id, patch));
    h.directory.add(id, 'test');
  }
  return h;
}
const rows = (hh: PredictHarness, userId: string) => [...hh.log.rows.values()].filter((r) => r.userId === userId);
const rule = (id: string) => rules.find((r) => r.id === id)!;

describe('shipped predict rules in flows/*.yaml', () => {
  it('declares the three rules of the issue, each starting a flow of its stage with a 10% holdout', () => {
    expect(rules.map((r) => [r.id, r.flowId, r.start, r.holdout])).toEqual([
      ['size_help_after_repeat_views', 'browse_help', 'browse_help', 0.1],
      ['payment_help_at_checkout', 'payment_help', 'payment_help', 0.1],
      ['repurchase_due', 'repurchase', 'repurchase', 0.1],
    ]);
    expect(rule('payment_help_at_checkout').afterMs).toBe(2 * MIN);
  });
});

describe('intent prediction end to end (features → job → due-time check → ledger → flow started)', () => {
  it('repeat views: starts browse_help once at the third view of one product, not again within the cooldown, again for another product', async () => {
    const [u] = shoppers('size_help_after_repeat_views', 0.1, 1);
    const hh = wired([u!]);
    const view = (product: string, views: number, cart = 0) =>
      change(hh, u!, [{ type: 'product_view', payload: { productId: product } }], {
        top_product_10m: product,
        top_product_views_10m: views,
        cart_add_10m: cart,
      });
    expect((await hh.listener.judge([view('coat', 1)])).scheduled).toEqual([]);
    expect((await hh.listener.judge([view('coat', 2)])).scheduled).toEqual([]);
    expect((await hh.listener.judge([view('coat', 3)])).scheduled).toHaveLength(1);
    await until(() => hh.started.length === 1);
    expect(hh.started[0]).toMatchObject({ flowId: 'browse_help', ref: { channel: 'test' } });
    const again = await hh.listener.judge([view('coat', 4)]);
    expect(again).toMatchObject({ scheduled: [], cooldown: [expect.stringContaining('size_help_after_repeat_views.')] });
    expect((await hh.listener.judge([view('scarf', 3, 1)])).scheduled).toEqual([]); // added to cart: no help needed
    expect((await hh.listener.judge([view('scarf', 3)])).scheduled).toHaveLength(1);
    await until(() => hh.started.length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(hh.started.map((s) => s.flowId)).toEqual(['browse_help', 'browse_help']);
    expect(rows(hh, u!).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('the same batch delivered twice (a consumer restarted mid-batch) schedules one job', async () => {
    const [u] = shoppers('size_help_after_repeat_views', 0.1, 1);
    const hh = wired([u!]);
    const batch = [change(hh, u!, [{ type: 'product_view' }], { top_product_10m: 'coat', top_product_views_10m: 3 })];
    const [first, second] = await Promise.all([hh.listener.judge(batch), hh.listener.judge(batch)]);
    expect(new Set([...first.scheduled, ...second.scheduled]).size).toBe(1); // one deterministic job id
    await until(() => hh.started.length === 1);
    expect((await hh.listener.judge(batch)).scheduled).toEqual([]); // processed again later: nothing new
    await new Promise((res) => setTimeout(res, 300));
    expect(hh.started).toHaveLength(1);
    expect(rows(hh, u!).map((r) => r.status)).toEqual(['sent']);
  });

  it('checkout: payment_help starts when no order came within 2 minutes', async () => {
    const [u] = shoppers('payment_help_at_checkout', 0.1, 1);
    const hh = wired([u!]);
    const at = Date.now() - 2 * MIN + 1500; // the checkout began 1.5 s short of 2 minutes ago
    const r = await hh.listener.judge([change(hh, u!, [{ type: 'page_view' }, { type: 'checkout_start', at }], {})]);
    const job = await hh.outreach.queues.due.getJob(r.scheduled[0]!);
    expect(job?.opts.delay).toBeGreaterThan(500);
    expect(hh.started).toEqual([]);
    await until(() => hh.started.length === 1);
    expect(hh.started[0]!.flowId).toBe('payment_help');
  });

  it('checkout: no payment help when the order comes within 2 minutes; a later checkout can still get it', async () => {
    const [u] = shoppers('payment_help_at_checkout', 0.1, 1);
    const hh = wired([u!]);
    const at = Date.now() - 2 * MIN + 1500;
    const r = await hh.listener.judge([change(hh, u!, [{ type: 'checkout_start', at }], {})]);
    expect(r.scheduled).toHaveLength(1);
    await hh.listener.judge([change(hh, u!, [{ type: 'order_created', at: at + 30_000 }], { order_created_10m: 1 })]);
    await until(() => rows(hh, u!).some((row) => row.status === 'suppressed'));
    expect(rows(hh, u!).map((row) => [row.status, row.reason])).toEqual([['suppressed', PREDICTION_LAPSED]]);
    await new Promise((res) => setTimeout(res, 300));
    expect(hh.started).toEqual([]);
    // the lapsed job gave its period back: the next hesitation at checkout (no order this time) is helped
    hh.reader.map.clear();
    const later = await hh.listener.judge([
      change(hh, u!, [{ type: 'checkout_start', at: Date.now() - 2 * MIN }], { order_created_10m: 0 }),
    ]);
    expect(later.scheduled).toHaveLength(1);
    await until(() => hh.started.length === 1);
  });

  it('repurchase: starts repurchase when the cycle is due for a repeat buyer, not for a one-time buyer or before it is due', async () => {
    const [due, once, early] = shoppers('repurchase_due', 0.1, 3);
    const hh = wired([due!, once!, early!]);
    const r = await hh.listener.judge([
      change(hh, due!, [{ type: 'page_view' }], { days_since_last_order: 33, purchase_frequency_days: 30, orders_365d: 4 }),
      change(hh, once!, [{ type: 'page_view' }], { days_since_last_order: 90, purchase_frequency_days: null, orders_365d: 1 }),
      change(hh, early!, [{ type: 'page_view' }], { days_since_last_order: 12, purchase_frequency_days: 30, orders_365d: 5 }),
    ]);
    expect(r.scheduled).toEqual([expect.stringContaining(`repurchase_due.${due}`)]);
    await until(() => hh.started.length === 1);
    expect(hh.started[0]!.flowId).toBe('repurchase');
    expect(rows(hh, once!)).toEqual([]);
  });

  it('holdout: a shopper of the control group is logged as suppressed `holdout` (once per cooldown), nothing is started', async () => {
    const [held] = shoppers('repurchase_due', 0.1, 1, true);
    const hh = wired([held!]);
    const batch = () => [
      change(hh, held!, [{ type: 'page_view' }], { days_since_last_order: 40, purchase_frequency_days: 30, orders_365d: 3 }),
    ];
    expect((await hh.listener.judge(batch())).scheduled).toHaveLength(1);
    await until(() => rows(hh, held!).some((row) => row.status === 'suppressed'));
    expect((await hh.listener.judge(batch())).scheduled).toEqual([]);
    await new Promise((res) => setTimeout(res, 300));
    expect(rows(hh, held!).map((row) => [row.triggerId, row.status, row.reason])).toEqual([['repurchase_due', 'suppressed', HOLDOUT]]);
    expect(hh.started).toEqual([]);
  });

  it('holdout share: deterministic per shopper and rule, about the configured share', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `shopper-${i}`);
    const held = ids.filter((id) => inHoldout('repurchase_due', id, 0.1));
    expect(held.length / ids.length).toBeGreaterThan(0.09);
    expect(held.length / ids.length).toBeLessThan(0.11);
    expect(ids.filter((id) => inHoldout('repurchase_due', id, 0.1))).toEqual(held);
    const other = ids.filter((id) => inHoldout('payment_help_at_checkout', id, 0.1));
    expect(other.filter((id) => held.includes(id)).length).toBeLessThan(held.length * 0.2); // independent per rule
    expect(ids.some((id) => inHoldout('r', id, 0))).toBe(false);
    expect(ids.every((id) => inHoldout('r', id, 1))).toBe(true);
  });

  it('opt-out: the ledger suppresses the start with reason opted_out', async () => {
    const [u] = shoppers('repurchase_due', 0.1, 1);
    const hh = wired([u!], {}, { tags: ['unsubscribe'] });
    await hh.listener.judge([
      change(hh, u!, [{ type: 'page_view' }], { days_since_last_order: 40, purchase_frequency_days: 30, orders_365d: 3 }),
    ]);
    await until(() => rows(hh, u!).some((row) => row.status === 'suppressed'));
    expect(rows(hh, u!).map((row) => row.reason)).toEqual(['opted_out']);
    expect(hh.started).toEqual([]);
  });

  it('quiet hours: the start is postponed by the ledger (delayed, not dropped), then made when they end', async () => {
    const minute = localMinuteOfDay(Date.now(), 'UTC');
    const quietHours = { startMinute: Math.max(0, minute - 5), endMinute: minute + 3 / 60 };
    const [u] = shoppers('repurchase_due', 0.1, 1);
    const hh = wired([u!], { policy: { quietHours } });
    const r = await hh.listener.judge([
      change(hh, u!, [{ type: 'page_view' }], { days_since_last_order: 40, purchase_frequency_days: 30, orders_365d: 3 }),
    ]);
    const jobId = r.scheduled[0]!;
    await until(
      async () =>
        (await hh.outreach.queues.due.getJobState(jobId)) === 'delayed' &&
        (await hh.outreach.queues.due.getJob(jobId))!.attemptsStarted > 0,
    );
    expect(hh.started).toEqual([]);
    await until(() => hh.started.length === 1, 15_000);
    expect(hh.started[0]!.flowId).toBe('repurchase');
  });
});
