import { KefuError } from '../core/errors';
import { loadDemoFixtures, type CouponTemplate, type DemoFixtures, type DemoOrder } from './fixtures';
import { randomBytes } from 'node:crypto';
import type {
  Category,
  CommerceEvent,
  CommerceEventPage,
  CommerceGateway,
  Coupon,
  Logistics,
  Order,
  Product,
  RecommendQuery,
} from './gateway';
import { matchScore, searchCatalogue, totalStock } from './product-match';

const DAY_MS = 86_400_000;

/** Options of {@link DemoCommerce}. */
export interface DemoCommerceOptions {
  /** Clock (ms since epoch); tests pass a fixed one. @defaultValue Date.now */
  now?: () => number;
  /** Data to start from. @defaultValue the shipped fixtures in src/commerce/demo-data */
  fixtures?: DemoFixtures;
}

/** Order states in which an order may still be changed or cancelled. */
const CHANGEABLE: Order['status'][] = ['unpaid', 'paid'];

/**
 * An in-memory CommerceGateway over the fixture catalogue, demo orders and coupon templates.
 * Used by the demo shop, `kefu chat` and tests.
 *
 * @example
 * const shop = new DemoCommerce({ now: () => Date.parse('2025-11-20T10:00:00+08:00') });
 * await shop.searchProducts('卫衣'); // [加绒连帽卫衣, …]
 */
export class DemoCommerce implements CommerceGateway {
  private readonly now: () => number;
  private readonly products: Product[];
  private readonly orders: DemoOrder[];
  private readonly templates: Map<string, CouponTemplate>;
  private readonly coupons = new Map<string, Coupon>();
  private issued = 0;
  /** What happened in this demo shop, for the event feed (outreach follows it). */
  private readonly feed: CommerceEvent[] = [];
  /** The feed lives in memory: cursors and ids carry this run's id, so a restart starts a fresh feed. */
  private readonly run = randomBytes(4).toString('hex');

  constructor(options: DemoCommerceOptions = {}) {
    const data = options.fixtures ?? loadDemoFixtures();
    this.now = options.now ?? Date.now;
    this.products = data.products;
    this.orders = data.orders;
    this.templates = new Map(data.couponTemplates.map((t) => [t.id, t]));
  }

  async getProduct(id: string): Promise<Product | undefined> {
    return this.products.find((p) => p.id === id);
  }

  async searchProducts(query: string, limit = 5): Promise<Product[]> {
    return searchCatalogue(this.products, query, limit);
  }

  /**
   * Recommends in-stock products: repurchase-due consumables first, then products the shopper
   * has not bought yet in the asked (or preferred) category, then other categories.
   */
  async recommend(query: RecommendQuery): Promise<Product[]> {
    const limit = query.limit ?? 3;
    const history = this.orders.filter((o) => o.userId === query.userId && o.status !== 'cancelled');
    const lastBought = this.lastBoughtAt(history);
    const category = query.category ?? this.preferredCategory(history);
    const inStock = this.products.filter((p) => totalStock(p) > 0);
    const scored = inStock.map((p) => ({ p, s: this.recommendScore(p, lastBought, category, query) }));
    return scored
      .filter((x) => x.s > 0 && (!query.category || x.p.category === query.category))
      .sort((a, b) => b.s - a.s || totalStock(b.p) - totalStock(a.p))
      .slice(0, limit)
      .map((x) => x.p);
  }

  async listOrders(userId: string): Promise<Order[]> {
    return this.orders
      .filter((o) => o.userId === userId)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
      .map(publicOrder);
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const order = this.orders.find((o) => o.id === orderId);
    return order && publicOrder(order);
  }

  async getLogistics(orderId: string): Promise<Logistics | undefined> {
    const order = this.orders.find((o) => o.id === orderId);
    if (!order?.logistics || !order.carrier || !order.trackingNo) return undefined;
    return { orderId, carrier: order.carrier, trackingNo: order.trackingNo, ...structuredClone(order.logistics) };
  }

  async updateOrder(orderId: string, change: { address?: string; cancel?: boolean }): Promise<Order> {
    const order = this.orders.find((o) => o.id === orderId);
    if (!order) {
      throw new KefuError('ORDER_NOT_FOUND', `Order ${orderId} does not exist.`, 'check the order number (see listOrders).');
    }
    if (!CHANGEABLE.includes(order.status)) {
      throw new KefuError(
        'ORDER_NOT_CHANGEABLE',
        `Order ${orderId} is ${order.status} and can no longer be changed.`,
        'only unpaid or paid orders that have not shipped can be changed; after shipping, use a return or contact the carrier.',
      );
    }
    if (change.cancel) order.status = 'cancelled';
    if (change.address) order.address = change.address;
    this.record(change.cancel ? 'order_cancelled' : 'order_updated', order.userId, { orderId: order.id });
    return publicOrder(order);
  }

  /** The demo shop's event feed: coupons issued and orders changed through kefu, oldest first. */
  async events(after?: string, limit = 100): Promise<CommerceEventPage> {
    const [run, index] = (after ?? '').split(':');
    const start = run === this.run ? Number.parseInt(index ?? '-1', 10) + 1 : 0;
    const events = this.feed.slice(start, start + limit);
    return { events, cursor: `${this.run}:${start + events.length - 1}` };
  }

  private record(type: string, userId: string, payload: Record<string, unknown>): void {
    this.feed.push({ id: `demo-${this.run}-${this.feed.length + 1}`, type, userId, at: this.now(), payload });
  }

  /** Issues a coupon from a template. Idempotent: the same user and template get the same coupon back. */
  async issueCoupon(userId: string, templateId: string): Promise<Coupon> {
    const key = `${userId}\u0000${templateId}`;
    const existing = this.coupons.get(key);
    if (existing) return { ...existing };
    const template = this.templates.get(templateId);
    if (!template) {
      const known = [...this.templates.keys()].join(', ');
      throw new KefuError('COUPON_TEMPLATE_UNKNOWN', `Coupon template '${templateId}' does not exist.`, `use one of: ${known}.`);
    }
    this.issued += 1;
    const coupon: Coupon = {
      code: `${template.id.replace(/_/g, '').slice(0, 6)}${String(this.issued).padStart(6, '0')}`,
      templateId,
      userId,
      title: template.title,
      amount: template.amount,
      minSpend: template.minSpend,
      expiresAt: new Date(this.now() + template.validityDays * DAY_MS).toISOString(),
    };
    this.coupons.set(key, coupon);
    this.record('coupon_issued', userId, { code: coupon.code, templateId, title: coupon.title, expiresAt: coupon.expiresAt });
    return { ...coupon };
  }

  async listCoupons(userId: string): Promise<Coupon[]> {
    return [...this.coupons.values()].filter((c) => c.userId === userId).map((c) => ({ ...c }));
  }

  /** Coupon templates known to this store. */
  couponTemplates(): CouponTemplate[] {
    return [...this.templates.values()];
  }

  private lastBoughtAt(history: Order[]): Map<string, number> {
    const last = new Map<string, number>();
    for (const order of history) {
      for (const item of order.items) {
        const at = Date.parse(order.createdAt);
        if (at > (last.get(item.productId) ?? 0)) last.set(item.productId, at);
      }
    }
    return last;
  }

  private preferredCategory(history: Order[]): Category | undefined {
    const counts = new Map<Category, number>();
    for (const item of history.flatMap((o) => o.items)) {
      const product = this.products.find((p) => p.id === item.productId);
      if (product) counts.set(product.category, (counts.get(product.category) ?? 0) + item.quantity);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  }

  private recommendScore(p: Product, lastBought: Map<string, number>, category: Category | undefined, q: RecommendQuery): number {
    const boughtAt = lastBought.get(p.id);
    let score = 1;
    if (boughtAt !== undefined) {
      const due = p.repurchaseDays !== undefined && this.now() - boughtAt >= p.repurchaseDays * 0.8 * DAY_MS;
      if (!due) return 0;
      score += 100;
    }
    if (category && p.category === category) score += 20;
    if (p.tags.includes('热卖')) score += 5;
    if (q.query) score += matchScore(p, q.query) * 3;
    return score;
  }
}

function publicOrder(order: DemoOrder): Order {
  const { logistics: _logistics, ...rest } = order;
  return structuredClone(rest);
}
