import type { OrderFacts } from './order-facts';
import type { ChatTouch } from './touch';
import type { OrderAttribution, ShopperTurn } from './types';

/** What is known when an order is paid. */
export interface CreditInput {
  order: OrderFacts;
  /** The buyer's touches (any order); only those in the window before payment count. */
  touches: readonly ChatTouch[];
  /** The buyer's last message to kefu within the assist window, if any. */
  lastTurn?: ShopperTurn;
  /** The outreach message the outreach log credited with this order, if any. */
  outreach?: { key: string; channel?: string };
  /** A touch counts when shown at most this long before payment. */
  windowMs: number;
}

/**
 * The one credit of a paid order (docs/attribution.md), or undefined when kefu had no part in it:
 * 1. outreach credited the order → `outreach` (a chat touch that also matched is noted, not counted again);
 * 2. else a coupon issued in chat within the window is the order's coupon → `coupon`;
 * 3. else a product shown in chat within the window is in the order → `product`;
 * 4. else the shopper wrote to kefu within the assist window → `assisted` (not a conversion).
 * Among touches of one kind the latest wins.
 *
 * @example
 * creditOf({ order, touches: [{ kind: 'product', ref: 'P1001', … }], windowMs: 72 * 3_600_000 })?.credit; // 'product'
 */
export function creditOf(input: CreditInput): OrderAttribution | undefined {
  const { order, outreach, lastTurn } = input;
  const touch = matchingTouch(input);
  const base = { orderId: order.orderId, userId: order.userId, amount: order.amount, paidAt: new Date(order.paidAt).toISOString() };
  const chat = touch
    ? {
        conversation: touch.conversation,
        channel: touch.channel,
        chat: touch.kind,
        touchRef: touch.ref,
        touchAt: new Date(touch.at).toISOString(),
      }
    : undefined;
  if (outreach) {
    const channel = chat?.channel ?? outreach.channel;
    return { ...base, ...chat, credit: 'outreach', outreachKey: outreach.key, ...(channel ? { channel } : {}) };
  }
  if (touch && chat) return { ...base, ...chat, credit: touch.kind };
  if (lastTurn && lastTurn.at <= order.paidAt)
    return { ...base, credit: 'assisted', chat: 'assisted', conversation: lastTurn.conversation, channel: lastTurn.channel };
  return undefined;
}

/** The latest coupon touch with the order's coupon code, else the latest product touch of an ordered product. */
function matchingTouch({ order, touches, windowMs }: CreditInput): ChatTouch | undefined {
  const inWindow = touches.filter((t) => t.at <= order.paidAt && t.at >= order.paidAt - windowMs);
  const latest = (list: ChatTouch[]): ChatTouch | undefined =>
    list.reduce<ChatTouch | undefined>((a, b) => (!a || b.at > a.at ? b : a), undefined);
  const coupon = order.couponCode ? latest(inWindow.filter((t) => t.kind === 'coupon' && t.ref === order.couponCode)) : undefined;
  if (coupon) return coupon;
  const bought = new Set(order.productIds);
  return latest(inWindow.filter((t) => t.kind === 'product' && bought.has(t.ref)));
}
