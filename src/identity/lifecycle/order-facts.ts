import type { Order } from '../../commerce/gateway';
import type { OrderFact } from '../../core/order-ledger';
import type { KefuEvent } from '../../events/event';

/** Order events the lifecycle reads, and which fact each one states (at the event's time). */
const EVENT_FACTS: Record<string, (keyof Omit<OrderFact, 'orderId'>)[]> = {
  order_created: ['orderedAt'],
  order_paid: ['paidAt'],
  order_shipped: ['paidAt'],
  order_delivered: ['paidAt', 'deliveredAt'],
  order_signed: ['paidAt', 'deliveredAt'],
  order_cancelled: ['cancelledAt'],
  order_closed: ['cancelledAt'],
};

/** Event types that change the customer lifecycle (they need `payload.orderId`). */
export const LIFECYCLE_EVENTS: readonly string[] = Object.keys(EVENT_FACTS);

/**
 * What an order event says about the order, or undefined for other events and for order events without
 * `payload.orderId` (without the id the same order could be counted twice).
 *
 * @example
 * factOfEvent({ id: 'e1', type: 'order_paid', userId: 'u1', at: 0, payload: { orderId: 'o1' } }); // { orderId: 'o1', paidAt: '1970-…' }
 */
export function factOfEvent(event: KefuEvent): OrderFact | undefined {
  const fields = EVENT_FACTS[event.type];
  const orderId = event.payload['orderId'];
  if (!fields || (typeof orderId !== 'string' && typeof orderId !== 'number') || String(orderId) === '') return undefined;
  const at = new Date(event.at).toISOString();
  const fact: OrderFact = { orderId: String(orderId) };
  for (const field of fields) fact[field] = at;
  return fact;
}

/** Statuses of an order that was paid at some point. */
const PAID: readonly Order['status'][] = ['paid', 'shipped', 'delivered', 'refunding', 'refunded'];

/**
 * What the shop's order list says (CommerceGateway.listOrders): created, paid (`paidAt`, else the creation time),
 * delivered (seen delivered at `seenAt`, the merchant API has no delivery time) or cancelled. The demo shop's sample
 * orders are no purchases and are left out.
 *
 * @example
 * factsOfOrders(await commerce.listOrders(userId), new Date().toISOString());
 */
export function factsOfOrders(orders: readonly Order[], seenAt: string): OrderFact[] {
  return orders
    .filter((o) => !o.sample)
    .map((o) => {
      const fact: OrderFact = { orderId: o.id, orderedAt: o.createdAt };
      if (PAID.includes(o.status)) fact.paidAt = o.paidAt ?? o.createdAt;
      if (o.status === 'delivered') fact.deliveredAt = seenAt;
      if (o.status === 'cancelled') fact.cancelledAt = seenAt;
      return fact;
    });
}
