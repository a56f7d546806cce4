import { KefuError } from '../core/errors';
import { MemoryDemoShopStore, type DemoShopStore } from './demo-shop-store';
import { demoShopperOrders } from './demo-shopper-orders';
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
  /**
   * Where seeded and changed orders and issued coupons are kept. kefu passes the database's
   * (TypeormDemoShopStore): a cancel sticks and coupon codes stay unique across restarts and processes.
   * @defaultValue a fresh MemoryDemoShopStore (this instance only)
   */
  store?: DemoShopStore;
  /**
   * Give every shopper without fixture orders a few demo orders (shipped, paid, delivered; see demoShopperOrders)
   * the first time their orders are looked up, so any web or `kefu chat` shopper can try tracking, address change,
   * cancel and returns. `kefu start` and `kefu chat` turn it on. @defaultValue false
   */
  seedShopperOrders?: boolean;
}

/** Order states in which an order may still be changed or cancelled. */
const CHANGEABLE: Order['status'][] = ['unpaid', 'paid'];

/**
 * A CommerceGateway over the fixture catalogue, demo orders and coupon templates. What changes (seeded and
 * changed orders, issued coupons) lives in a {@link DemoShopStore}. Used by the demo shop, `kefu chat` and tests.
 *
 * @example
 * const shop = new DemoCommerce({ now: () => Date.parse('2025-11-20T10:00:00+08:00') });
 * await shop.searchProducts('卫衣'); // [加绒连帽卫衣, …]
 */
export class DemoCommerce implements CommerceGateway {
  private readonly now: () => number;
  private readonly products: Product[];
  /** The fixture orders as shipped; the store's copy of an order (changed) wins. */
  private readonly fixtureOrders: DemoOrder[];
  private readonly templates: Map<string, CouponTemplate>;
  private readonly store: DemoShopStore;
  private readonly seedShopperOrders: boolean;
  /** Seeding in progress per user, so two turns at once seed once. */
  private readonly seeding = new Map<string, Promise<DemoOrder[]>>();
  /** What happened in this demo shop, for the event feed (outreach follows it). */
  private readonly feed: CommerceEvent[] = [];
  /** The feed lives in memory: cursors and ids carry this run's id, so a restart starts a fresh feed. */
  private readonly run = randomBytes(4).toString('hex');

  constructor(options: DemoCommerceOptions = {}) {
    const data = options.fixtures ?? loadDemoFixtures();
    this.now = options.now ?? Date.now;
    this.products = data.products;
    this.fixtureOrders = data.orders;
    this.templates = new Map(data.couponTemplates.map((t) => [t.id, t]));
    this.store = options.store ?? new MemoryDemoShopStore();
    this.seedShopperOrders = options.seedShopperOrders ?? false;
  }

  /** The shop window: in-stock products tagged 热卖 first, then the rest of the catalogue in its order. */
  async featuredProducts(limit = 8): Promise<Product[]> {
    const inStock = this.products.filter((p) => totalStock(p) > 0);
    const hot = inStock.filter((p) => p.tags.includes('热卖'));
    return [...hot, ...inStock.filter((p) => !hot.includes(p))].slice(0, limit).map((p) => structuredClone(p));
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
    const history = (await this.ordersOf(query.userId, false)).filter((o) => o.status !== 'cancelled');
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
    return (await this.ordersOf(userId)).sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).map(publicOrder);
  }

  /** The shopper's fixture and changed orders without seeding sample orders (see CommerceGateway.purchases). */
  async purchases(userId: string): Promise<Order[]> {
    return (await this.ordersOf(userId, false)).filter((o) => !o.sample).map(publicOrder);
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    const order = await this.findOrder(orderId);
    return order && publicOrder(order);
  }

  async getLogistics(orderId: string): Promise<Logistics | undefined> {
    const order = await this.findOrder(orderId);
    if (!order?.logistics || !order.carrier || !order.trackingNo) return undefined;
    return { orderId, carrier: order.carrier, trackingNo: order.trackingNo, ...structuredClone(order.logistics) };
  }

  async updateOrder(orderId: string, change: { address?: string; cancel?: boolean }): Promise<Order> {
    const order = await this.findOrder(orderId);
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
    await this.store.saveOrders([order]);
    this.record(change.cancel ? 'order_cancelled' : 'order_updated', order.userId, { orderId: order.id });
    return publicOrder(order);
  }

  /**
   * A shopper's orders: fixtures (the store's copy when changed) and stored ones. A shopper with none gets the demo
   * orders when `seedShopperOrders` is on and `seed` (order look-ups seed; recommendations only read).
   */
  private async ordersOf(userId: string, seed = true): Promise<DemoOrder[]> {
    const stored = await this.store.ordersOf(userId);
    const fixtures = this.fixtureOrders.filter((o) => o.userId === userId && !stored.some((s) => s.id === o.id));
    const orders = [...stored, ...fixtures.map((o) => structuredClone(o))];
    if (orders.length > 0 || !this.seedShopperOrders || !seed) return orders;
    return this.seed(userId);
  }

  private seed(userId: string): Promise<DemoOrder[]> {
    const running = this.seeding.get(userId);
    if (running) return running;
    const seeded = (async () => {
      const orders = demoShopperOrders(userId, this.now());
      // another process seeding too: the first one's stay, so read them back unless all of ours went in
      const added = await this.store.addOrders(orders);
      return added === orders.length ? orders : this.store.ordersOf(userId);
    })().finally(() => this.seeding.delete(userId));
    this.seeding.set(userId, seeded);
    return seeded;
  }

  /** One order by id: the store's copy, else the fixture's (a copy, safe to change). */
  private async findOrder(orderId: string): Promise<DemoOrder | undefined> {
    const stored = await this.store.order(orderId);
    if (stored) return stored;
    const fixture = this.fixtureOrders.find((o) => o.id === orderId);
    return fixture && structuredClone(fixture);
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

  /**
   * Issues a coupon from a template. Idempotent: the same user and template get the same coupon back. Codes are
   * numbered in the store's one sequence (template prefix + 6 digits), so they stay unique across restarts.
   */
  async issueCoupon(userId: string, templateId: string): Promise<Coupon> {
    const existing = await this.store.coupon(userId, templateId);
    if (existing) return existing;
    const template = this.templates.get(templateId);
    if (!template) {
      const known = [...this.templates.keys()].join(', ');
      throw new KefuError('COUPON_TEMPLATE_UNKNOWN', `Coupon template '${templateId}' does not exist.`, `use one of: ${known}.`);
    }
    const { coupon, created } = await this.store.addCoupon(userId, templateId, (seq) => ({
      code: `${template.id.replace(/_/g, '').slice(0, 6)}${String(seq).padStart(6, '0')}`,
      templateId,
      userId,
      title: template.title,
      amount: template.amount,
      minSpend: template.minSpend,
      expiresAt: new Date(this.now() + template.validityDays * DAY_MS).toISOString(),
    }));
    // The payload carries the fields the outreach triggers read (docs/outreach.md): couponCode, title, expiresAt.
    if (created)
      this.record('coupon_issued', userId, { couponCode: coupon.code, templateId, title: coupon.title, expiresAt: coupon.expiresAt });
    return { ...coupon };
  }

  async listCoupons(userId: string): Promise<Coupon[]> {
    return this.store.couponsOf(userId);
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
