import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { resolveOrder } from './resolve-order';
import type { ServiceRecords } from './service-records';

/**
 * `invoice.request { orderId?, title?, taxId?, kind? }`: records an invoice request for an order
 * (the latest paid one when no id is given) and returns a reference number.
 * Result: `{ ok, ref?, orderId?, summary }`.
 */
export function invoiceRequest(records: ServiceRecords): ActionHandler {
  return async (args, ctx) => {
    const order = await resolveOrder(ctx, optString(args, 'orderId'), ['delivered', 'shipped', 'paid']);
    if (!order || order.status === 'unpaid' || order.status === 'cancelled') {
      return { ok: false, summary: '亲，需要是已付款的订单才能开发票哦，没找到可以开票的订单呢～' };
    }
    const title = optString(args, 'title') ?? '个人';
    const data: Record<string, string> = { orderId: order.id, title, kind: optString(args, 'kind') ?? '电子普通发票' };
    const taxId = optString(args, 'taxId');
    if (taxId) data.taxId = taxId;
    const record = await records.add('invoice', ctx.user.id, data, ctx.now);
    const summary = `发票申请已提交～订单 ${order.id}，抬头「${title}」，申请编号 ${record.ref}。电子发票会在 1-3 个工作日内开好发给您`;
    return { ok: true, ref: record.ref, orderId: order.id, title, summary };
  };
}
