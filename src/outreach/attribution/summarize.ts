import type { TouchKind } from './touch';
import type { ConversionSummary, CreditKind, OrderAttribution, OrdersAndRevenue } from './types';

const CREDITS: readonly CreditKind[] = ['outreach', 'coupon', 'product', 'assisted'];

/**
 * The KPI summary of a period's attributions and shown cards: orders credited to kefu (outreach, coupon, product)
 * counted once each with their revenue, by credit and by door; `assisted` orders only under `byCredit`.
 *
 * @example
 * summarize(from, to, rows, [{ kind: 'product', channel: 'web', count: 12 }]).byCredit.product; // { orders: 2, revenue: 318 }
 */
export function summarize(
  from: Date,
  to: Date,
  rows: readonly OrderAttribution[],
  shown: readonly { kind: TouchKind; channel: string; count: number }[],
): ConversionSummary {
  const byCredit = Object.fromEntries(CREDITS.map((c) => [c, zero()])) as Record<CreditKind, OrdersAndRevenue>;
  const byChannel: Record<string, OrdersAndRevenue> = {};
  let orders = 0;
  let revenue = 0;
  let outreachWithChat = 0;
  for (const row of rows) {
    add(byCredit[row.credit], row.amount);
    if (row.credit === 'assisted') continue;
    orders += 1;
    revenue += row.amount;
    add((byChannel[row.channel ?? 'unknown'] ??= zero()), row.amount);
    if (row.credit === 'outreach' && (row.chat === 'product' || row.chat === 'coupon')) outreachWithChat += 1;
  }
  const cards: ConversionSummary['shown'] = { product: 0, coupon: 0, byChannel: {} };
  for (const { kind, channel, count } of shown) {
    cards[kind] += count;
    (cards.byChannel[channel] ??= { product: 0, coupon: 0 })[kind] += count;
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    orders,
    revenue: yuan(revenue),
    byCredit,
    byChannel,
    outreachWithChat,
    shown: cards,
  };
}

function zero(): OrdersAndRevenue {
  return { orders: 0, revenue: 0 };
}

function add(total: OrdersAndRevenue, amount: number): void {
  total.orders += 1;
  total.revenue = yuan(total.revenue + amount);
}

/** Round to fen, so sums of prices like 0.1 + 0.2 read 0.3. */
function yuan(value: number): number {
  return Math.round(value * 100) / 100;
}
