import type { KefuEvent } from '../../events/event';
import { creditOf } from './credit-rules';
import { orderFactsOf, orderIdOf, type OrderLookup } from './order-facts';
import { summarize } from './summarize';
import type { AttributionStore, ConversionSummary, OrderAttribution } from './types';

const HOUR_MS = 3_600_000;

/** Options of {@link ChatAttribution}. */
export interface ChatAttributionOptions {
  store: AttributionStore;
  /** The shop's orders, for `order_paid` events without items or total (the CommerceGateway). */
  orders?: OrderLookup;
  /** A touch shown at most this long before payment earns the credit (the same window as outreach's). @defaultValue 72 h */
  windowMs?: number;
  /** An order paid at most this long after the shopper last wrote is `assisted` (capped by `windowMs`). @defaultValue 24 h */
  assistMs?: number;
}

/**
 * Credits paid orders to the conversations that showed the product or issued the coupon, and to outreach
 * without counting an order twice (rules: {@link creditOf}, docs/attribution.md). One row per order id:
 * a duplicate or re-sent event finds the stored row and changes nothing.
 *
 * @example
 * const attribution = new ChatAttribution({ store: new TypeormAttributionStore(dataSource), orders: commerce });
 * await attribution.creditOrder(orderPaidEvent, outreachKey); // → { credit: 'product', conversation: 'web:-:c1', … }
 * await attribution.summary(new Date('2025-11-01'), new Date('2025-12-01'));
 */
export class ChatAttribution {
  readonly windowMs: number;
  private readonly assistMs: number;

  constructor(private readonly options: ChatAttributionOptions) {
    this.windowMs = options.windowMs ?? 72 * HOUR_MS;
    this.assistMs = Math.min(options.assistMs ?? 24 * HOUR_MS, this.windowMs);
  }

  /**
   * Attribute one `order_paid` event; `outreachKey` is the outreach log row the outreach ledger credited with the
   * same order (if any). Returns the order's attribution (stored now or before), or undefined when kefu had no part.
   */
  async creditOrder(event: KefuEvent, outreachKey?: string): Promise<OrderAttribution | undefined> {
    const { store } = this.options;
    const orderId = orderIdOf(event);
    const stored = orderId ? await store.attributionOf(orderId) : undefined;
    if (stored) return stored;
    const order = await orderFactsOf(event, this.options.orders);
    if (!order) return undefined;
    const [touches, lastTurn, outreachChannel] = await Promise.all([
      store.touchesOf(order.userId, order.paidAt - this.windowMs, order.paidAt),
      store.lastShopperTurn(order.userId, order.paidAt - this.assistMs, order.paidAt),
      outreachKey ? store.outreachChannel(outreachKey) : Promise.resolve(undefined),
    ]);
    const outreach = outreachKey ? { key: outreachKey, ...(outreachChannel ? { channel: outreachChannel } : {}) } : undefined;
    const credit = creditOf({ order, touches, lastTurn, outreach, windowMs: this.windowMs });
    return credit && store.saveOnce(credit);
  }

  /** Conversions of orders paid in `[from, to)`: orders, revenue, by credit and by door, and the cards shown. */
  async summary(from: Date, to: Date): Promise<ConversionSummary> {
    const [rows, shown] = await Promise.all([this.options.store.listPaid(from, to), this.options.store.countTouches(from, to)]);
    return summarize(from, to, rows, shown);
  }
}
