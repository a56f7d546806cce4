import type { Order, OrderStatus } from '../../commerce/gateway';
import type { ActionContext } from '../engine-types';

/**
 * The order an action is about: the given id (only if it belongs to this shopper), else the
 * shopper's most recent order, preferring one in `prefer` states when given.
 */
export async function resolveOrder(ctx: ActionContext, orderId: string | undefined, prefer?: OrderStatus[]): Promise<Order | undefined> {
  if (orderId) {
    const order = await ctx.commerce.getOrder(orderId);
    return order && order.userId === ctx.user.id ? order : undefined;
  }
  const orders = await recentOrders(ctx);
  return (prefer && orders.find((o) => prefer.includes(o.status))) ?? orders[0];
}

/** The shopper's orders, newest first. */
export async function recentOrders(ctx: ActionContext): Promise<Order[]> {
  return (await ctx.commerce.listOrders(ctx.user.id)).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** The Chinese sentence for "no such order". */
export function noOrderSummary(orderId: string | undefined): string {
  return orderId
    ? `亲，没有查到订单 ${orderId} 呢，麻烦核对一下订单号～`
    : '亲，暂时没有查到您的订单哦，是用其他账号下的单吗？';
}
