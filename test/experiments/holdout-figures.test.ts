/**
 * A trigger's holdout as a two-arm experiment, on outreach-log fixture rows whose answer is worked out by hand:
 * control 48 of 80 converted, treated (sent) 56 of 70 — Newcombe's 1998 worked example, difference 0.2 with the
 * interval [0.052431, 0.333873] — and intent to treat 58 of 80:
 * Wilson 58/80 → [0.618559, 0.810822]; d = 0.725 − 0.6 = 0.125,
 * low = 0.125 − √((0.725 − 0.618559)² + (0.700382 − 0.6)²) = −0.021308,
 * high = 0.125 + √((0.810822 − 0.725)² + (0.6 − 0.490455)²) = 0.264161.
 */
import { computeHoldoutFigures, type HoldoutLogRow, type PaidOrder } from '../../src/experiments/holdout-figures';

const H = 3_600_000;
const T0 = Date.parse('2025-11-20T02:00:00Z');
const WINDOW = 72 * H;

function fixture() {
  const rows: HoldoutLogRow[] = [];
  const orders: PaidOrder[] = [];
  // 80 held out: 48 pay within 72 h; one pays after the window, one paid before the holdout (neither counts)
  for (let i = 0; i < 80; i++) {
    const at = T0 + i * 60_000;
    rows.push({ userId: `c${i}`, status: 'suppressed', reason: 'holdout', at });
    if (i < 48) orders.push({ userId: `c${i}`, at: at + 10 * H });
  }
  orders.push({ userId: 'c48', at: T0 + 48 * 60_000 + 73 * H }, { userId: 'c49', at: T0 - H });
  // 70 sent: 50 pay (ledger), 6 are only `converted` in the log, one pays after the window; t0 got a second message
  for (let i = 0; i < 70; i++) {
    const sentAt = T0 + i * 60_000;
    const converted = i >= 50 && i < 56;
    rows.push({
      userId: `t${i}`,
      status: converted ? 'converted' : 'sent',
      reason: null,
      at: sentAt + 2 * H,
      sentAt,
      ...(converted ? { convertedAt: sentAt + 2 * H } : {}),
    });
    if (i < 50) orders.push({ userId: `t${i}`, at: sentAt + 5 * H });
  }
  rows.push({ userId: 't0', status: 'sent', reason: null, at: T0 + 100 * H, sentAt: T0 + 100 * H });
  orders.push({ userId: 't56', at: T0 + 56 * 60_000 + 73 * H });
  // 10 on the sending side stopped by the sending rules (caps): in the intent-to-treat arm only; 2 pay
  for (let i = 0; i < 10; i++) rows.push({ userId: `b${i}`, status: 'suppressed', reason: i % 2 ? 'cap_day' : 'opted_out', at: T0 });
  orders.push({ userId: 'b0', at: T0 + 3 * H }, { userId: 'b1', at: T0 + 4 * H });
  // never split: cancelled or lapsed before the holdout decision, or not due yet
  rows.push(
    { userId: 'x0', status: 'suppressed', reason: 'prediction_lapsed', at: T0 },
    { userId: 'x1', status: 'suppressed', reason: 'cancelled', at: T0 },
    { userId: 'x2', status: 'scheduled', reason: null, at: T0 },
  );
  orders.push({ userId: 'x0', at: T0 + H }, { userId: 'x1', at: T0 + H }, { userId: 'x2', at: T0 + H });
  return { rows, orders };
}

describe('holdout vs treated figures', () => {
  it('counts each shopper once per arm and computes the hand-worked rates and differences', () => {
    const { rows, orders } = fixture();
    const f = computeHoldoutFigures(rows, orders, 0.5, WINDOW);
    expect([f.control.count, f.control.n, f.treated.count, f.treated.n, f.assigned.count, f.assigned.n]).toEqual([48, 80, 56, 70, 58, 80]);
    expect(f.control.rate!.low).toBeCloseTo(0.490455, 5);
    expect(f.control.rate!.high).toBeCloseTo(0.700382, 5);
    expect(f.control.vsControl).toBeUndefined();
    expect(f.treated.vsControl!.estimate).toBeCloseTo(0.2, 10);
    expect(f.treated.vsControl!.low).toBeCloseTo(0.052431, 5);
    expect(f.treated.vsControl!.high).toBeCloseTo(0.333873, 5);
    expect(f.assigned.vsControl!.estimate).toBeCloseTo(0.125, 10);
    expect(f.assigned.vsControl!.low).toBeCloseTo(-0.021308, 5);
    expect(f.assigned.vsControl!.high).toBeCloseTo(0.264161, 5);
    // 80 : 80 against 0.5 : 0.5 → χ² = 0, p = 1
    expect(f.srm).toMatchObject({ chiSquare: 0, df: 1, mismatch: false });
    expect(f.srm!.p).toBeCloseTo(1, 10);
  });

  it('flags a sample ratio mismatch against the declared holdout share', () => {
    const { rows, orders } = fixture();
    // declared 10 %: expected 144 : 16 of 160, observed 80 : 80 → χ² = 64²/144 + 64²/16 = 28.444 + 256 = 284.444
    const f = computeHoldoutFigures(rows, orders, 0.1, WINDOW);
    expect(f.srm!.chiSquare).toBeCloseTo(284.444444, 5);
    expect(f.srm!.mismatch).toBe(true);
  });

  it('has no rates and no check without rows', () => {
    const f = computeHoldoutFigures([], [], 0.1, WINDOW);
    expect([f.control.n, f.treated.n, f.assigned.n, f.treated.rate, f.treated.vsControl, f.srm]).toEqual([
      0,
      0,
      0,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
