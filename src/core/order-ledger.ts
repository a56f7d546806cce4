import type { OrderHistory } from './user';

/**
 * What kefu learnt about one of a shopper's orders (from an order event or the merchant API). Times are ISO
 * strings; a time already known is kept (the first one wins), so the same fact recorded twice changes nothing.
 */
export interface OrderFact {
  orderId: string;
  orderedAt?: string;
  /** The order was paid (shipped and delivered orders were too). */
  paidAt?: string;
  deliveredAt?: string;
  cancelledAt?: string;
}

/**
 * The orders kefu knows of per shopper, and each shopper's {@link OrderHistory} counted from them. Implemented
 * over typeorm in src/store (TypeormOrderLedger).
 */
export interface OrderLedger {
  /**
   * Records facts about a shopper's orders (an order recorded for another shopper before moves to this one) and
   * returns the shopper's history, or undefined when the user does not exist. `checkedAt` marks that the shop was
   * asked just now.
   */
  record(userId: string, facts: readonly OrderFact[], checkedAt?: Date): Promise<OrderHistory | undefined>;
}
