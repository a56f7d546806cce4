import type { ChatTouch, TouchKind } from './touch';

/**
 * What one paid order is credited to (one credit per order): `outreach` (a proactive message the outreach log
 * credits), `coupon` (a coupon issued in chat was used), `product` (a product shown in chat was bought), or
 * `assisted` (the shopper chatted shortly before paying but saw neither: reported apart, not a conversion).
 */
export type CreditKind = 'outreach' | 'coupon' | 'product' | 'assisted';

/** The chat's part in an order: the touch that matched, or `assisted`. */
export type ChatPart = TouchKind | 'assisted';

/** One attributed order (table `kefu_order_attribution`, one row per order id). */
export interface OrderAttribution {
  orderId: string;
  userId: string;
  /** What the shopper paid, in yuan. */
  amount: number;
  credit: CreditKind;
  /** The door the credit goes to: the conversation's channel, else the outreach message's. */
  channel?: string;
  /** The conversation that showed the product or issued the coupon (or, for `assisted`, the last one the shopper wrote in). */
  conversation?: string;
  /** What the chat did, also when the credit is `outreach` (then the order is still counted once). */
  chat?: ChatPart;
  /** The product id or coupon code that matched. */
  touchRef?: string;
  /** When that touch was shown, ISO. */
  touchAt?: string;
  /** The outreach log key credited with the order, when outreach has a part. */
  outreachKey?: string;
  /** When the order was paid, ISO. */
  paidAt: string;
}

/** A conversation of the shopper and the last time they wrote in it. */
export interface ShopperTurn {
  conversation: string;
  channel: string;
  at: number;
}

/**
 * Where touches and attributions are kept. `TypeormAttributionStore` (src/store) implements it over the
 * database; touches are looked up by the shopper's user id and by the conversations that belong to them now
 * (so touches made before a merge of two users still count).
 */
export interface AttributionStore {
  /** Keep touches; the same touch written twice (a re-run turn) is kept once. */
  addTouches(touches: readonly ChatTouch[]): Promise<void>;
  /** The user's touches with `from <= at <= to`, newest first. */
  touchesOf(userId: string, from: number, to: number): Promise<ChatTouch[]>;
  /** The user's latest message to kefu with `from <= at <= to`, if any. */
  lastShopperTurn(userId: string, from: number, to: number): Promise<ShopperTurn | undefined>;
  /** The channel an outreach message (by its log key) went out on. */
  outreachChannel(key: string): Promise<string | undefined>;
  /** The attribution of an order, if one was stored. */
  attributionOf(orderId: string): Promise<OrderAttribution | undefined>;
  /** Store the attribution unless the order has one; returns the stored one (the first wins). */
  saveOnce(attribution: OrderAttribution): Promise<OrderAttribution>;
  /** Attributions of orders paid in `[from, to)`. */
  listPaid(from: Date, to: Date): Promise<OrderAttribution[]>;
  /** Touches shown in `[from, to)`, counted by kind and channel. */
  countTouches(from: Date, to: Date): Promise<{ kind: TouchKind; channel: string; count: number }[]>;
}

/** Orders and revenue. */
export interface OrdersAndRevenue {
  orders: number;
  /** Yuan. */
  revenue: number;
}

/** Conversions in a period, for the KPIs (`GET /admin/kpis/conversions`). */
export interface ConversionSummary {
  /** ISO, inclusive. */
  from: string;
  /** ISO, exclusive. */
  to: string;
  /** Orders credited to kefu (outreach, coupon, product), each once, and their revenue. */
  orders: number;
  revenue: number;
  /** Credited orders by what they are credited to; `assisted` is reported here but not counted above. */
  byCredit: Record<CreditKind, OrdersAndRevenue>;
  /** Credited orders by door (web, wechat-official, …). */
  byChannel: Record<string, OrdersAndRevenue>;
  /** Orders credited to outreach that a chat also showed the product or coupon of (already in `byCredit.outreach`). */
  outreachWithChat: number;
  /** Cards shown in the period: product cards and coupon cards, by door. */
  shown: { product: number; coupon: number; byChannel: Record<string, { product: number; coupon: number }> };
}
