import type { ProductCard } from '../core/message';

/**
 * The CommerceGateway port: the shop's products, stock, orders, logistics and coupons.
 * kefu ships a demo implementation seeded from a fixture catalogue and an HTTP connector
 * that calls a merchant's REST endpoints (contract in docs/commerce-http.md).
 */

/** Product category keys used across the catalogue and repurchase cycles. */
export type Category = 'apparel' | 'beauty' | 'electronics' | 'food' | 'home' | 'baby';

export interface ProductVariant {
  sku: string;
  /** e.g. `{ size: 'XL', color: '黑色' }` */
  options: Record<string, string>;
  stock: number;
}

export interface Product {
  id: string;
  title: string;
  category: Category;
  price: number;
  /** 面料/成分/规格 etc. as short Chinese lines. */
  attributes: Record<string, string>;
  variants: ProductVariant[];
  imageUrl?: string;
  /** The product's own page in the shop's Mini Program; when absent, kefu builds it from KEFU_MINIPROGRAM_* (if set). */
  miniProgram?: ProductCard['miniProgram'];
  tags: string[];
  /** Days after which a typical shopper buys again (repurchase cycle), if consumable. */
  repurchaseDays?: number;
}

export type OrderStatus = 'unpaid' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'refunding' | 'refunded';

export interface OrderItem {
  productId: string;
  sku: string;
  title: string;
  quantity: number;
  price: number;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  items: OrderItem[];
  total: number;
  createdAt: string;
  paidAt?: string;
  /** Masked in logs. */
  address?: string;
  trackingNo?: string;
  carrier?: string;
  /**
   * A sample order the demo shop gives every shopper so tracking, address change, cancel and returns can be tried;
   * not a purchase: the customer lifecycle ignores it (a first-time visitor of the demo is still new).
   */
  sample?: boolean;
}

export interface LogisticsEvent {
  at: string;
  description: string;
}

export interface Logistics {
  orderId: string;
  carrier: string;
  trackingNo: string;
  status: 'pending' | 'in_transit' | 'out_for_delivery' | 'delivered';
  events: LogisticsEvent[];
  estimatedDelivery?: string;
}

export interface Coupon {
  code: string;
  templateId: string;
  userId: string;
  title: string;
  amount: number;
  minSpend: number;
  expiresAt: string;
  usedAt?: string;
}

/** Criteria for recommendations. */
export interface RecommendQuery {
  userId: string;
  category?: Category;
  /** Free-text hint, e.g. the product noun the shopper mentioned. */
  query?: string;
  limit?: number;
}

/** Something that happened in the shop (order_created, order_paid, coupon_issued, …), for proactive outreach. */
export interface CommerceEvent {
  /** Unique and stable: the same event fetched twice has the same id (kefu drops the copy). */
  id: string;
  type: string;
  /** kefu user id of the shopper (give this or `customerId`). */
  userId?: string;
  /** The shop's own customer id of the shopper: kefu resolves it to its user (docs/identity.md). */
  customerId?: string;
  /** Milliseconds since epoch. */
  at: number;
  payload: Record<string, unknown>;
}

/** One page of the event feed; pass `cursor` as `after` to get the next page. */
export interface CommerceEventPage {
  events: CommerceEvent[];
  cursor?: string;
}

/**
 * The shop's commerce system as kefu sees it. All methods may throw DependencyError.
 */
export interface CommerceGateway {
  getProduct(id: string): Promise<Product | undefined>;
  searchProducts(query: string, limit?: number): Promise<Product[]>;
  recommend(query: RecommendQuery): Promise<Product[]>;
  listOrders(userId: string): Promise<Order[]>;
  /**
   * Optional: the shopper's real purchases, read only (no sample orders, no side effects). The customer lifecycle
   * reads it when present, else `listOrders`: the demo shop seeds sample orders on a first `listOrders`, work a
   * lifecycle check on every new shopper's first message must not cause.
   */
  purchases?(userId: string): Promise<Order[]>;
  getOrder(orderId: string): Promise<Order | undefined>;
  getLogistics(orderId: string): Promise<Logistics | undefined>;
  /** Change an order that is not shipped yet (address, quantity) or cancel it. */
  updateOrder(orderId: string, change: { address?: string; cancel?: boolean }): Promise<Order>;
  issueCoupon(userId: string, templateId: string): Promise<Coupon>;
  listCoupons(userId: string): Promise<Coupon[]>;
  /** Optional event feed, oldest first, after `after` (a cursor from the previous page). Outreach follows it. */
  events?(after?: string, limit?: number): Promise<CommerceEventPage>;
  /** Optional shop window: the products a shop page shows first (the demo shop's tiles come from it). */
  featuredProducts?(limit?: number): Promise<Product[]>;
  /**
   * Optional: the shop's customer id behind a WeChat openid (of the Official Account or Mini Program `appId`), or
   * undefined when the shop does not know it. kefu then links the WeChat shopper to that customer (docs/identity.md).
   */
  customerByOpenId?(openid: string, appId?: string): Promise<string | undefined>;
}
