import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { orderView } from './present';
import { RETURN_DAYS, returnableOrders, shortDay, type ReturnableOrder } from './returnable';

/** One button of the "which order?" question: what the shopper reads, and the order id the slot keeps. */
export interface ReturnChoice {
  title: string;
  value: string;
}

/** The shortest id ending (at least 4 digits) that tells these orders apart: `尾号0001`. */
function tailLength(ids: string[]): number {
  for (let n = 4; n < Math.max(4, ...ids.map((id) => id.length)); n++) {
    if (new Set(ids.map((id) => id.slice(-n))).size === ids.length) return n;
  }
  return Math.max(4, ...ids.map((id) => id.length));
}

/** `尾号0001 超薄透气婴儿纸尿裤 10月12日签收`: the order id masked to its ending, the first product, the day it was signed for. */
function choiceOf(ctx: Parameters<ActionHandler>[1], r: ReturnableOrder, tail: number): ReturnChoice {
  const first = orderView(r.order).itemLine.replace(/等 \d+ 件$/, '');
  return { title: `尾号${r.order.id.slice(-tail)} ${first} ${shortDay(ctx, r.signed)}签收`, value: r.order.id };
}

/**
 * `return.orders { orderId? }`: which order a return is about. A named order (`orderId`) or the only delivered order
 * still inside the {@link RETURN_DAYS}-day window comes back as `orderId`; with several such orders and none named,
 * `choices` holds one button per order (newest signed first) for an `ask` with `options_from`, and `summary` asks
 * which one. Nothing returnable: no `orderId`, no choices (`return.request` then explains why).
 * Result: `{ orderId?, count, choices, summary }`.
 *
 * @example
 * // two delivered orders in the window:
 * // { count: 2, choices: [{ title: '尾号0003 主动降噪蓝牙耳机 11月14日签收', value: '…0003' }, …], summary: '…要退哪一单呢？' }
 */
export const returnOrders: ActionHandler = async (args, ctx) => {
  const named = optString(args, 'orderId');
  if (named) return { orderId: named, count: 1, choices: [], summary: '' };
  const returnable = await returnableOrders(ctx);
  if (returnable.length === 1) return { orderId: returnable[0].order.id, count: 1, choices: [], summary: '' };
  if (returnable.length === 0) return { count: 0, choices: [], summary: '' };
  const tail = tailLength(returnable.map((r) => r.order.id));
  const choices = returnable.map((r) => choiceOf(ctx, r, tail));
  const summary = `您有 ${choices.length} 笔订单还在 ${RETURN_DAYS} 天无理由退货期内，要退哪一单呢？点一下就好～`;
  return { count: choices.length, choices, summary };
};
