import type { KefuEvent } from '../events/event';
import { categoryField, countedByCategory } from './category-features';
import { RESOLUTIONS } from './feature-buckets';

/**
 * One shopper's part of the apply program: user, bucket increments `[field, by, …]`, latest times `[type, at, …]` (also
 * `c:<type>:<category>` for the per-category last-at),
 * price sum (fen), prices seen, cart changes `[at, fen | 'o', …]`, paid orders `[orderId, at, amountFen, 1 | 0, …]`,
 * order ids named by coupon_used, channels.
 */
export type ShopperProgram = [
  userId: string,
  buckets: (string | number)[],
  last: string[],
  psum: number,
  pn: number,
  cart: (string | number)[],
  paid: (string | number)[],
  couponUsed: string[],
  channels: string[],
];

/** fen from yuan, undefined when absent. */
function fen(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Add `by` to `field` of a flat `[field, by, …]` list (a shopper has few fields in one batch). */
function bump(list: (string | number)[], field: string, by: number): void {
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === field) {
      (list[i + 1] as number) += by;
      return;
    }
  }
  list.push(field, by);
}

/** Keep the largest `at` per type in a flat `[type, at, …]` list. */
function latest(list: string[], type: string, at: number): void {
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === type) {
      if (at > Number(list[i + 1])) list[i + 1] = String(at);
      return;
    }
  }
  list.push(type, String(at));
}

const MINUTE = RESOLUTIONS[0]!.size;

/** Add one event's effects to its shopper's program. */
function addEvent(p: ShopperProgram, e: KefuEvent): void {
  const at = Math.trunc(e.at);
  const payload = e.payload;
  const t = e.type;
  const buckets = p[1];
  for (const r of RESOLUTIONS) bump(buckets, `${r.hash}:${t}|${Math.floor(at / r.size)}`, 1);
  latest(p[2], t, at);
  const product = text(payload['productId']);
  if (t === 'product_view' && product !== '') bump(buckets, `m:p:${product}|${Math.floor(at / MINUTE)}`, 1);
  const category = text(payload['category']);
  if (category !== '' && countedByCategory(t)) {
    // one more field per resolution (the day one also serves category_views_30d and preferred_categories)
    const name = categoryField(t, category);
    for (const r of RESOLUTIONS) bump(buckets, `${r.hash}:${name}|${Math.floor(at / r.size)}`, 1);
    latest(p[2], name, at);
  }
  const price = fen(payload['price']);
  if (price !== undefined && (t === 'product_view' || t === 'cart_add')) {
    p[3] += price;
    p[4] += 1;
  }
  const orderId = text(payload['orderId']);
  if (t === 'cart_add' || t === 'cart_remove') {
    const qty = Number.isSafeInteger(payload['quantity']) ? (payload['quantity'] as number) : 1;
    if (price !== undefined) p[5].push(at, (t === 'cart_add' ? 1 : -1) * price * qty);
  } else if (t === 'order_created') p[5].push(at, 'o');
  else if (t === 'order_paid' && orderId !== '')
    p[6].push(orderId, String(at), fen(payload['amount']) ?? 0, text(payload['couponCode']) !== '' ? 1 : 0);
  else if (t === 'coupon_used' && orderId !== '') p[7].push(orderId);
  const channel = text(payload['channel']);
  if (channel !== '' && !p[8].includes(channel)) p[8].push(channel);
}

/**
 * The per-shopper program of the apply script (see APPLY_EVENTS_LUA), sent as one JSON argument: the events'
 * effects combined per shopper in Node — bucket increments summed per field, the latest `at` per type, price
 * sums — so Redis runs a few commands per shopper and batch instead of a dozen per event. Cart changes and paid
 * orders keep their batch order. Times stay text (Redis stores them as given).
 *
 * @example
 * shopperProgram([{ id: 'e1', type: 'page_view', userId: 'u1', at: 0, payload: {} }]);
 * // [['u1', ['m:page_view|0', 1, 'f:page_view|0', 1, 'h:page_view|0', 1, 'd:page_view|0', 1], ['page_view', '0'], 0, 0, [], [], [], []]]
 */
export function shopperProgram(events: readonly KefuEvent[]): ShopperProgram[] {
  const byShopper = new Map<string, ShopperProgram>();
  for (const e of events) {
    let p = byShopper.get(e.userId);
    if (!p) byShopper.set(e.userId, (p = [e.userId, [], [], 0, 0, [], [], [], []]));
    addEvent(p, e);
  }
  return [...byShopper.values()];
}
