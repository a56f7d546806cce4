import type { ActionHandler } from '../engine-types';
import { optInt } from './args';
import { orderView } from './present';
import { noOrderSummary, recentOrders } from './resolve-order';

/**
 * `order.list { limit? }`: the shopper's most recent orders, newest first ("我的订单"). Result:
 * `{ count, orders, summary }` (`orders` are OrderCard-ready views, at most `limit`, default 3).
 */
export const orderList: ActionHandler = async (args, ctx) => {
  const all = await recentOrders(ctx);
  const shown = all.slice(0, optInt(args, 'limit', 3));
  const orders = await Promise.all(shown.map(async (o) => orderView(o, await ctx.commerce.getLogistics(o.id))));
  const summary = orders.length
    ? `您最近的 ${orders.length} 笔订单${all.length > orders.length ? `（共 ${all.length} 笔）` : ''}：`
    : noOrderSummary(undefined);
  return { count: orders.length, orders, summary };
};
