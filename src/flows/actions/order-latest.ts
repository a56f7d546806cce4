import type { ActionHandler } from '../engine-types';
import { orderView } from './present';
import { noOrderSummary, resolveOrder } from './resolve-order';

/**
 * `order.latest`: the shopper's most recent order. Result: `{ found, order, summary }`
 * (`order` is OrderCard-ready).
 */
export const orderLatest: ActionHandler = async (_args, ctx) => {
  const order = await resolveOrder(ctx, undefined);
  if (!order) return { found: false, summary: noOrderSummary(undefined) };
  const view = orderView(order, await ctx.commerce.getLogistics(order.id));
  return { found: true, order: view, summary: `您最近的订单 ${view.id}（${view.itemLine}，¥${view.total}）目前${view.status}` };
};
