import type { KefuEvent } from '../../events/event';

/** What attribution needs to know about a paid order. */
export interface OrderFacts {
  orderId: string;
  /** kefu user id of the buyer. */
  userId: string;
  /** When it was paid (the event's time), ms. */
  paidAt: number;
  /** What the shopper paid, in yuan (0 when unknown). */
  amount: number;
  /** Ids of the ordered products. */
  productIds: string[];
  /** The coupon code used on the order, if any. */
  couponCode?: string;
}

/** Reads an order from the shop (the CommerceGateway's `getOrder`), for events that carry only the order id. */
export interface OrderLookup {
  getOrder(orderId: string): Promise<{ total: number; items: { productId: string }[] } | undefined>;
}

/**
 * The facts of an `order_paid` event: `payload.orderId`, `payload.total` (or `amount`), `payload.items[].productId`
 * (or `payload.productIds`) and `payload.couponCode`. When the payload lacks the items or the total, they come from
 * the shop's order (`lookup.getOrder`). Undefined when the event names no order.
 *
 * @example
 * await orderFactsOf({ id: 'e1', type: 'order_paid', userId: 'u1', at, payload: { orderId: 'o1', total: 159, items: [{ productId: 'P1001' }] } });
 * // { orderId: 'o1', userId: 'u1', paidAt: at, amount: 159, productIds: ['P1001'] }
 */
export async function orderFactsOf(event: KefuEvent, lookup?: OrderLookup): Promise<OrderFacts | undefined> {
  const p = event.payload;
  const orderId = orderIdOf(event);
  if (!orderId) return undefined;
  let amount = money(p['total']) ?? money(p['amount']);
  let productIds = productIdsOf(p);
  if ((amount === undefined || productIds === undefined) && lookup) {
    const order = await lookup.getOrder(orderId);
    if (order) {
      amount ??= money(order.total);
      productIds ??= order.items.map((i) => i.productId).filter((id) => typeof id === 'string' && id !== '');
    }
  }
  const couponCode = text(p['couponCode']);
  return {
    orderId,
    userId: event.userId,
    paidAt: event.at,
    amount: amount ?? 0,
    productIds: productIds ?? [],
    ...(couponCode ? { couponCode } : {}),
  };
}

/** The event's `payload.orderId` as text (a number is accepted), or undefined. */
export function orderIdOf(event: KefuEvent): string | undefined {
  return text(event.payload['orderId']);
}

function productIdsOf(p: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(p['items'])) {
    return p['items']
      .map((item) => (item && typeof item === 'object' ? text((item as Record<string, unknown>)['productId']) : undefined))
      .filter((id): id is string => id !== undefined);
  }
  if (Array.isArray(p['productIds'])) return p['productIds'].map(text).filter((id): id is string => id !== undefined);
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function money(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}
