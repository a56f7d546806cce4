import type { DataSource } from 'typeorm';
import { CustomerOrderEntity } from '../store/entities/customer-order.entity';
import { OrderAttributionEntity } from '../store/entities/order-attribution.entity';
import { OutreachLogEntity } from '../store/entities/outreach-log.entity';
import { StoreRunner } from '../store/store-runner';
import type { HoldoutLogRow, PaidOrder } from './holdout-figures';
import { timeOf } from './outcome-reader';

/** What {@link HoldoutLogReader.read} returns for one trigger. */
export interface HoldoutLog {
  rows: HoldoutLogRow[];
  /** Paid orders of the trigger's shoppers (every paid order kefu knows of, whether or not kefu is credited with it). */
  orders: PaidOrder[];
}

/**
 * Reads a trigger's (or prediction rule's) rows of the outreach log (`kefu_outreach_log`, `trigger_id`) and the paid
 * orders of its shoppers: the customer order ledger (`kefu_customer_order`, paid and not cancelled, every order the
 * events or the shop reported) and the attributed orders (`kefu_order_attribution`, `assisted` excluded). The holdout
 * receives nothing, so its orders can only come from these tables, never from the log's `converted`.
 *
 * @example
 * const { rows, orders } = await new HoldoutLogReader(dataSource).read('repurchase_due');
 */
export class HoldoutLogReader {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async read(triggerId: string): Promise<HoldoutLog> {
    return this.runner.read(async (em) => {
      const log = await em.find(OutreachLogEntity, { where: { triggerId } });
      const users = () =>
        em
          .createQueryBuilder(OutreachLogEntity, 'l')
          .select('l.userId', 'userId')
          .distinct(true)
          .where('l.triggerId = :triggerId', { triggerId });
      const ledger = await users()
        .innerJoin(CustomerOrderEntity, 'o', 'o.userId = l.userId AND o.paidAt IS NOT NULL AND o.cancelledAt IS NULL')
        .addSelect('o.orderId', 'orderId')
        .addSelect('o.paidAt', 'at')
        .getRawMany<{ userId: string; orderId: string; at: unknown }>();
      const credited = await users()
        .innerJoin(OrderAttributionEntity, 'a', "a.userId = l.userId AND a.credit <> 'assisted'")
        .addSelect('a.orderId', 'orderId')
        .addSelect('a.paidAt', 'at')
        .getRawMany<{ userId: string; orderId: string; at: unknown }>();
      const orders = new Map<string, PaidOrder>();
      for (const o of [...ledger, ...credited]) if (!orders.has(o.orderId)) orders.set(o.orderId, { userId: o.userId, at: timeOf(o.at) });
      return {
        rows: log.map((r) => ({
          userId: r.userId,
          status: r.status,
          reason: r.reason,
          at: r.updatedAt.getTime(),
          ...(r.sentAt ? { sentAt: r.sentAt.getTime() } : {}),
          ...(r.convertedAt ? { convertedAt: r.convertedAt.getTime() } : {}),
        })),
        orders: [...orders.values()],
      };
    });
  }
}
