import type { Order } from '../../commerce/gateway';
import type { ActionContext } from '../engine-types';
import { shortTime } from './present';

/** 七天无理由: days after delivery in which a return is accepted. */
export const RETURN_DAYS = 7;
const DAY_MS = 86_400_000;

/** When the order was signed for: the last logistics event of a delivered parcel, else when it was paid or placed. */
export async function deliveredAt(ctx: ActionContext, order: Order): Promise<number> {
  const track = await ctx.commerce.getLogistics(order.id);
  const last = track?.status === 'delivered' ? track.events.at(-1)?.at : undefined;
  return Date.parse(last ?? order.paidAt ?? order.createdAt);
}

/** Whether an order signed for at `signed` (ms) is still inside the {@link RETURN_DAYS}-day return window. */
export function inReturnWindow(ctx: ActionContext, signed: number): boolean {
  return ctx.now - signed <= RETURN_DAYS * DAY_MS;
}

/** A day as shoppers write it in the shop's time zone: `10月12日` (no leading zeros). */
export function shortDay(ctx: ActionContext, ms: number): string {
  return shortTime(new Date(ms).toISOString(), ctx.shop.timezone, false).replace(/^0|(?<=月)0/g, '');
}

/** A delivered order that can still be returned, with when it was signed for (ms). */
export interface ReturnableOrder {
  order: Order;
  signed: number;
}

/**
 * The shopper's delivered orders still inside the return window, newest first (what `return.request` accepts
 * without a named order).
 */
export async function returnableOrders(ctx: ActionContext): Promise<ReturnableOrder[]> {
  const delivered = (await ctx.commerce.listOrders(ctx.user.id)).filter((o) => o.status === 'delivered' && o.userId === ctx.user.id);
  const signed = await Promise.all(delivered.map(async (order) => ({ order, signed: await deliveredAt(ctx, order) })));
  return signed.filter((r) => inReturnWindow(ctx, r.signed)).sort((a, b) => b.signed - a.signed);
}
