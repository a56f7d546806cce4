import type { OrderHistory, UserProfile } from './user';

/**
 * Where a shopper is in their life with the shop:
 * - `new`: no paid order yet;
 * - `first_order`: one paid order that has not been delivered yet (waiting for the first parcel);
 * - `returning`: two or more paid orders, or one that was delivered (whatever brings them back now is a return
 *   visit); also a shopper the shop or an operator marked as not new (`isNew: false`) without orders kefu knows of.
 *
 * A cancelled order does not count; a refunded one does (the shopper bought and received it).
 */
export type LifecycleStage = 'new' | 'first_order' | 'returning';

/** What flows, triggers and templates see of the lifecycle (`user.isNew`, `user.lifecycle`, …). */
export interface LifecycleView {
  /** true until the first paid order (or until the shop marks the shopper as known). */
  isNew: boolean;
  lifecycle: LifecycleStage;
  /** Paid orders kefu knows of. */
  orders: number;
  /** Whole days since the last paid order, null without one. */
  daysSinceLastOrder: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The lifecycle stage of a shopper (rules in {@link LifecycleStage}).
 *
 * @example
 * lifecycleStage({ isNew: false, orders: { count: 1, deliveredAt: '2025-11-01T08:00:00Z' } }); // 'returning'
 */
export function lifecycleStage(user: Pick<UserProfile, 'isNew' | 'orders'>): LifecycleStage {
  const count = user.orders?.count ?? 0;
  if (count >= 2) return 'returning';
  if (count === 1) return user.orders?.deliveredAt ? 'returning' : 'first_order';
  return user.isNew ? 'new' : 'returning';
}

/**
 * The lifecycle fields of a shopper at `now` (ms), for the flows' and triggers' `user.*`.
 *
 * @example
 * lifecycleView(user, Date.now()); // { isNew: false, lifecycle: 'first_order', orders: 1, daysSinceLastOrder: 2 }
 */
export function lifecycleView(user: Pick<UserProfile, 'isNew' | 'orders'>, now: number): LifecycleView {
  const orders = user.orders?.count ?? 0;
  const last = user.orders?.lastOrderAt ? Date.parse(user.orders.lastOrderAt) : NaN;
  return {
    isNew: user.isNew && orders === 0,
    lifecycle: lifecycleStage(user),
    orders,
    daysSinceLastOrder: Number.isNaN(last) ? null : Math.max(0, Math.floor((now - last) / DAY_MS)),
  };
}

/** The profile with a newer order history (isNew cleared once there is a paid order). */
export function withOrderHistory(user: UserProfile, orders: OrderHistory): UserProfile {
  return { ...user, isNew: user.isNew && orders.count === 0, orders };
}
