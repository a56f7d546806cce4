import type { DemoOrder } from './fixtures';
import type { Coupon } from './gateway';

/** A coupon as the demo shop keeps it: the coupon and its number in the shop's one coupon sequence. */
export interface NumberedCoupon {
  seq: number;
  coupon: Coupon;
}

/**
 * Where the demo shop keeps what changes: the orders it seeded for shoppers or that shoppers changed (a
 * cancel sticks), and the coupons it issued, numbered in one sequence. kefu keeps it in the database
 * (TypeormDemoShopStore), so a restart or a second process on the same database continues the numbering;
 * {@link MemoryDemoShopStore} keeps it for one process (tests).
 */
export interface DemoShopStore {
  /** The stored orders of a shopper (seeded or changed), in no particular order. */
  ordersOf(userId: string): Promise<DemoOrder[]>;
  /** One stored order. */
  order(orderId: string): Promise<DemoOrder | undefined>;
  /** Insert or replace orders by id. */
  saveOrders(orders: readonly DemoOrder[]): Promise<void>;
  /**
   * Insert the orders whose id is not stored yet; stored ones stay as they are (a seed never undoes a cancel).
   * Returns how many were inserted.
   */
  addOrders(orders: readonly DemoOrder[]): Promise<number>;
  /** The coupon a shopper got from a template, if any. */
  coupon(userId: string, templateId: string): Promise<Coupon | undefined>;
  /** Every coupon of a shopper, oldest first. */
  couponsOf(userId: string): Promise<Coupon[]>;
  /**
   * Store a new coupon numbered after every coupon stored so far: `make(seq)` builds it from its number.
   * When the shopper already has one from `templateId` (another process was first), that one is returned.
   */
  addCoupon(userId: string, templateId: string, make: (seq: number) => Coupon): Promise<{ coupon: Coupon; created: boolean }>;
}

/**
 * A {@link DemoShopStore} in memory: one process, gone on restart (tests and `new DemoCommerce()`).
 *
 * @example
 * const shop = new DemoCommerce({ store: new MemoryDemoShopStore() });
 */
export class MemoryDemoShopStore implements DemoShopStore {
  private readonly orders = new Map<string, DemoOrder>();
  private readonly coupons: NumberedCoupon[] = [];

  async ordersOf(userId: string): Promise<DemoOrder[]> {
    return [...this.orders.values()].filter((o) => o.userId === userId).map((o) => structuredClone(o));
  }

  async order(orderId: string): Promise<DemoOrder | undefined> {
    const order = this.orders.get(orderId);
    return order && structuredClone(order);
  }

  async saveOrders(orders: readonly DemoOrder[]): Promise<void> {
    for (const order of orders) this.orders.set(order.id, structuredClone(order));
  }

  async addOrders(orders: readonly DemoOrder[]): Promise<number> {
    const missing = orders.filter((order) => !this.orders.has(order.id));
    for (const order of missing) this.orders.set(order.id, structuredClone(order));
    return missing.length;
  }

  async coupon(userId: string, templateId: string): Promise<Coupon | undefined> {
    const found = this.coupons.find((c) => c.coupon.userId === userId && c.coupon.templateId === templateId);
    return found && { ...found.coupon };
  }

  async couponsOf(userId: string): Promise<Coupon[]> {
    return this.coupons.filter((c) => c.coupon.userId === userId).map((c) => ({ ...c.coupon }));
  }

  async addCoupon(userId: string, templateId: string, make: (seq: number) => Coupon): Promise<{ coupon: Coupon; created: boolean }> {
    const existing = await this.coupon(userId, templateId);
    if (existing) return { coupon: existing, created: false };
    const seq = this.coupons.length + 1;
    const coupon = make(seq);
    this.coupons.push({ seq, coupon: { ...coupon } });
    return { coupon, created: true };
  }
}
