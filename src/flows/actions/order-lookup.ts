import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { orderView } from './present';
import { noOrderSummary, resolveOrder } from './resolve-order';

/**
 * `order.lookup { orderId? }`: one of the shopper's orders (the latest when no id is given).
 * Result: `{ found, order, summary }`.
 */
export const orderLookup: ActionHandler = async (args, ctx) => {
  const orderId = optString(args, 'orderId');
  const order = await resolveOrder(ctx, orderId);
  if (!order) return { found: false, summary: noOrderSummary(orderId) };
  const view = orderView(order, await ctx.commerce.getLogistics(order.id));
  return { found: true, order: view, summary: `订单 ${view.id}（${view.itemLine}，¥${view.total}）当前状态：${view.status}` };
};
