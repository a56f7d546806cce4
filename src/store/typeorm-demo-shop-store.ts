import { In, type DataSource } from 'typeorm';
import type { DemoShopStore } from '../commerce/demo-shop-store';
import type { DemoOrder } from '../commerce/fixtures';
import type { Coupon } from '../commerce/gateway';
import { KefuError } from '../core/errors';
import { DemoCouponEntity } from './entities/demo-coupon.entity';
import { DemoOrderEntity } from './entities/demo-order.entity';
import { selectOne, selectWhere } from './plain-reads';
import { insertRows } from './plain-writes';
import { isRetryableConflict, isUniqueViolation, StoreRunner } from './store-runner';

const MAX_ATTEMPTS = 8;

/**
 * The demo shop's orders and coupons in the database (tables `kefu_demo_order`, `kefu_demo_coupon`), so that a
 * shopper's cancel sticks after a restart and coupon codes continue one sequence: two processes that take the same
 * number race on the primary key and the loser takes the next.
 *
 * @example
 * const shop = new DemoCommerce({ store: new TypeormDemoShopStore(dataSource), seedShopperOrders: true });
 */
export class TypeormDemoShopStore implements DemoShopStore {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async ordersOf(userId: string): Promise<DemoOrder[]> {
    const rows = await this.runner.read((em) => selectWhere(em, DemoOrderEntity, { userId }));
    return rows.map((row) => row.data as unknown as DemoOrder);
  }

  async order(orderId: string): Promise<DemoOrder | undefined> {
    const row = await this.runner.read((em) => selectOne(em, DemoOrderEntity, { id: orderId }));
    return row ? (row.data as unknown as DemoOrder) : undefined;
  }

  async saveOrders(orders: readonly DemoOrder[]): Promise<void> {
    if (orders.length === 0) return;
    await this.retrying(() => this.runner.transaction((em) => em.save(DemoOrderEntity, orders.map(toOrderRow))));
  }

  async addOrders(orders: readonly DemoOrder[]): Promise<number> {
    if (orders.length === 0) return 0;
    return this.retrying(() =>
      this.runner.transaction(async (em) => {
        const stored = await em.find(DemoOrderEntity, { select: { id: true }, where: { id: In(orders.map((o) => o.id)) } });
        const missing = orders.filter((o) => !stored.some((row) => row.id === o.id));
        await insertRows(em, DemoOrderEntity, missing.map(toOrderRow));
        return missing.length;
      }),
    );
  }

  async coupon(userId: string, templateId: string): Promise<Coupon | undefined> {
    const row = await this.runner.read((em) => selectOne(em, DemoCouponEntity, { userId, templateId }));
    return row ? (row.data as unknown as Coupon) : undefined;
  }

  async couponsOf(userId: string): Promise<Coupon[]> {
    const rows = await this.runner.read((em) => selectWhere(em, DemoCouponEntity, { userId }, { orderBy: 'seq' }));
    return rows.map((row) => row.data as unknown as Coupon);
  }

  async addCoupon(userId: string, templateId: string, make: (seq: number) => Coupon): Promise<{ coupon: Coupon; created: boolean }> {
    return this.retrying(() =>
      this.runner.transaction(async (em) => {
        const existing = await selectOne(em, DemoCouponEntity, { userId, templateId });
        if (existing) return { coupon: existing.data as unknown as Coupon, created: false };
        const last = await em
          .createQueryBuilder(DemoCouponEntity, 'c')
          .select('MAX(c.seq)', 'max')
          .getRawOne<{ max: number | string | null }>();
        const seq = Number(last?.max ?? 0) + 1;
        const coupon = make(seq);
        await insertRows(em, DemoCouponEntity, [
          { seq, code: coupon.code, userId, templateId, data: { ...coupon }, createdAt: new Date() },
        ]); // a plain statement: typeorm's insert puts the number into its SQL text (a new statement every coupon)
        return { coupon, created: true };
      }),
    );
  }

  /** Run `work` again when another process won a race (unique key) or the database asks for a retry. */
  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        return await work();
      } catch (err) {
        if (!isUniqueViolation(err) && !isRetryableConflict(err)) throw err;
        lastError = err;
      }
    }
    throw new KefuError(
      'DEMO_SHOP_CONFLICT',
      `The demo shop's data could not be saved after ${MAX_ATTEMPTS} attempts.`,
      'the database kept reporting conflicts; check its health and retry.',
      { cause: lastError },
    );
  }
}

/** The row of an order (a copy: the caller may go on changing its object). */
function toOrderRow(order: DemoOrder): { id: string; userId: string; data: DemoOrder; updatedAt: Date } {
  return { id: order.id, userId: order.userId, data: structuredClone(order), updatedAt: new Date() };
}
