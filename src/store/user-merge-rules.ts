import type { UserEntity } from './entities/user.entity';

/**
 * How two users' profiles become one when a shopper turns out to be the same person (docs/identity.md, "Merge
 * rules"): `into` (the known customer) keeps its id.
 *
 * - opt-out wins: if either opted out, the merged user is opted out;
 * - tags: the union; attributes: both, the known customer's value wins a conflict; display name: the known one's, else the other's;
 * - isNew: false if either was not new; orders: counts add up (an order belongs to one user), earliest first
 *   order and delivery, latest last order; when orders were last checked: unknown if either was never checked;
 * - createdAt: the earliest; lastSeenAt: the latest.
 *
 * @example
 * applyMergeRules(known, visitor); // `known` now carries both
 */
export function applyMergeRules(into: UserEntity, from: UserEntity): void {
  into.attributes = { ...from.attributes, ...into.attributes };
  into.tags = [...new Set([...into.tags, ...from.tags])];
  into.isNew = Boolean(into.isNew) && Boolean(from.isNew);
  into.optedOut = Boolean(into.optedOut) || Boolean(from.optedOut);
  into.displayName = into.displayName ?? from.displayName;
  into.createdAt = earliest(into.createdAt, from.createdAt)!;
  into.lastSeenAt = latest(into.lastSeenAt, from.lastSeenAt)!;
  if (into.orderCount !== undefined || from.orderCount !== undefined) into.orderCount = (into.orderCount ?? 0) + (from.orderCount ?? 0);
  if ((into.orderCount ?? 0) > 0) into.isNew = false;
  if ('firstOrderAt' in into || 'firstOrderAt' in from) into.firstOrderAt = earliest(into.firstOrderAt, from.firstOrderAt) ?? null;
  if ('lastOrderAt' in into || 'lastOrderAt' in from) into.lastOrderAt = latest(into.lastOrderAt, from.lastOrderAt) ?? null;
  if ('firstDeliveredAt' in into || 'firstDeliveredAt' in from)
    into.firstDeliveredAt = earliest(into.firstDeliveredAt, from.firstDeliveredAt) ?? null;
  if ('ordersCheckedAt' in into || 'ordersCheckedAt' in from)
    into.ordersCheckedAt = into.ordersCheckedAt && from.ordersCheckedAt ? earliest(into.ordersCheckedAt, from.ordersCheckedAt)! : null;
}

function earliest(a: Date | null | undefined, b: Date | null | undefined): Date | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return new Date(a).getTime() <= new Date(b).getTime() ? a : b;
}

function latest(a: Date | null | undefined, b: Date | null | undefined): Date | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return new Date(a).getTime() >= new Date(b).getTime() ? a : b;
}
