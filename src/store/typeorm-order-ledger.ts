import type { DataSource, EntityManager } from 'typeorm';
import { KefuError } from '../core/errors';
import type { OrderFact, OrderLedger } from '../core/order-ledger';
import type { OrderHistory } from '../core/user';
import { CustomerOrderEntity } from './entities/customer-order.entity';
import { UserEntity } from './entities/user.entity';
import { selectOne, selectWhere } from './plain-reads';
import { insertRows, updateById } from './plain-writes';
import { isRetryableConflict, isUniqueViolation, StoreRunner } from './store-runner';
import { orderHistoryOf } from './user-mapping';

const MAX_ATTEMPTS = 4;
const FIELDS = ['orderedAt', 'paidAt', 'deliveredAt', 'cancelledAt'] as const;

/**
 * {@link OrderLedger} over typeorm: one row per order in `kefu_customer_order` (the first time of each fact wins),
 * and the summary columns of `kefu_users` (order_count, first/last order, first delivery; `is_new` cleared at the
 * first paid order) counted again from the rows in the same transaction, under the user row's lock.
 *
 * @example
 * const ledger = new TypeormOrderLedger(dataSource);
 * await ledger.record(userId, [{ orderId: 'o-1', paidAt: '2025-11-20T02:00:00Z' }]); // { count: 1, … }
 */
export class TypeormOrderLedger implements OrderLedger {
  private readonly runner: StoreRunner;

  constructor(store: DataSource | StoreRunner) {
    this.runner = store instanceof StoreRunner ? store : new StoreRunner(store);
  }

  async record(userId: string, facts: readonly OrderFact[], checkedAt?: Date): Promise<OrderHistory | undefined> {
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        return await this.runner.transaction((em) => this.apply(em, userId, facts, checkedAt));
      } catch (err) {
        if (!isUniqueViolation(err) && !isRetryableConflict(err)) throw err;
        lastError = err; // another process recorded the same order at once: read theirs on the next attempt
      }
    }
    throw new KefuError(
      'ORDER_LEDGER_CONFLICT',
      `Could not record the orders of user ${userId} after ${MAX_ATTEMPTS} attempts.`,
      'the database kept reporting conflicts; check its health and send the order event again.',
      { cause: lastError },
    );
  }

  private async apply(em: EntityManager, userId: string, facts: readonly OrderFact[], checkedAt?: Date): Promise<OrderHistory | undefined> {
    // servers: lock the user row; SQLite: transactions run one at a time on its one connection
    const user = this.runner.serial
      ? await selectOne(em, UserEntity, { id: userId })
      : await em.findOne(UserEntity, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    const others = new Set<string>();
    const now = new Date();
    for (const fact of facts) {
      const row = await selectOne(em, CustomerOrderEntity, { orderId: fact.orderId });
      if (!row) {
        const fresh = { orderId: fact.orderId, userId, updatedAt: now, ...Object.fromEntries(FIELDS.map((f) => [f, toDate(fact[f])])) };
        await insertRows(em, CustomerOrderEntity, [fresh]);
        continue;
      }
      const changes: Partial<CustomerOrderEntity> = {};
      for (const f of FIELDS) if (!row[f] && fact[f]) changes[f] = toDate(fact[f]);
      if (row.userId !== userId) {
        others.add(row.userId); // the order was credited to someone else (e.g. before an identity was linked)
        changes.userId = userId;
      }
      if (Object.keys(changes).length > 0) await updateById(em, CustomerOrderEntity, fact.orderId, { ...changes, updatedAt: now });
    }
    for (const other of others) await recountOrders(em, other);
    if (!user) return undefined;
    return recountOrders(em, userId, checkedAt, user);
  }
}

/**
 * Counts a shopper's paid, not cancelled orders from `kefu_customer_order` into the summary columns of
 * `kefu_users` (and clears `is_new` once there is one). Call it inside the transaction that moved order rows,
 * e.g. when two users are merged. Returns the new history, or undefined when the user does not exist.
 * `user`: the user's row as this transaction read it under its lock (or on SQLite), so it is not read again.
 */
export async function recountOrders(
  em: EntityManager,
  userId: string,
  checkedAt?: Date,
  user?: UserEntity,
): Promise<OrderHistory | undefined> {
  const rows = await selectWhere(em, CustomerOrderEntity, { userId });
  const counted = rows.filter((r) => r.paidAt && !r.cancelledAt);
  const times = counted.map((r) => new Date(r.orderedAt ?? r.paidAt!).getTime()).sort((a, b) => a - b);
  const delivered = counted.flatMap((r) => (r.deliveredAt ? [new Date(r.deliveredAt).getTime()] : [])).sort((a, b) => a - b);
  const summary: Partial<UserEntity> = {
    orderCount: counted.length,
    firstOrderAt: times.length ? new Date(times[0]!) : null,
    lastOrderAt: times.length ? new Date(times.at(-1)!) : null,
    firstDeliveredAt: delivered.length ? new Date(delivered[0]!) : null,
  };
  if (checkedAt) summary.ordersCheckedAt = checkedAt;
  if (counted.length > 0) summary.isNew = false;
  await updateById(em, UserEntity, userId, summary); // no row: nothing to update (MySQL's affected count is no guide)
  const after = user ? { ...user, ...summary } : await selectOne(em, UserEntity, { id: userId });
  return after ? (orderHistoryOf(after) ?? { count: 0 }) : undefined;
}

function toDate(iso: string | undefined): Date | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
}
