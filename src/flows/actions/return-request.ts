import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { orderView } from './present';
import { noOrderSummary, resolveOrder } from './resolve-order';
import { deliveredAt, inReturnWindow, RETURN_DAYS, shortDay } from './returnable';
import type { ServiceRecords } from './service-records';

/**
 * `return.request { orderId?, reason? }`: a return of a delivered order (the given one, else the shopper's latest
 * delivered one; `return.orders` finds out which one when several could be returned) within {@link RETURN_DAYS} days of delivery, recorded for staff as a service record (`TH…`).
 * Result: `{ ok, problem?, ref?, order?, summary }` where `problem` is `no_order`, `not_delivered` or `too_late`.
 */
export function returnRequest(records: ServiceRecords): ActionHandler {
  return async (args, ctx) => {
    const order = await resolveOrder(ctx, optString(args, 'orderId'), ['delivered']);
    if (!order) return { ok: false, problem: 'no_order', summary: noOrderSummary(undefined) };
    const view = orderView(order);
    if (order.status !== 'delivered') {
      const summary = `订单 ${view.id}（${view.itemLine}）目前${view.status}，签收后才能申请退货哦～还没发货的订单可以直接取消`;
      return { ok: false, problem: 'not_delivered', order: view, summary };
    }
    const signed = await deliveredAt(ctx, order);
    const signedOn = shortDay(ctx, signed);
    if (!inReturnWindow(ctx, signed)) {
      const summary = `订单 ${view.id}（${view.itemLine}）${signedOn}签收，已经超过 ${RETURN_DAYS} 天无理由退货期了～如果是质量问题，我帮您转售后专员看看`;
      return { ok: false, problem: 'too_late', order: view, summary };
    }
    const reason = optString(args, 'reason') ?? '七天无理由';
    const record = await records.add('return', ctx.user.id, { orderId: order.id, reason }, ctx.now);
    const summary = `退货申请已提交～订单 ${view.id}（${view.itemLine}），${signedOn}签收，还在 ${RETURN_DAYS} 天无理由期内，申请编号 ${record.ref}。审核通过后按短信里的地址寄回就行，退款原路退回 📦`;
    return { ok: true, ref: record.ref, order: view, summary };
  };
}
