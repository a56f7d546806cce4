import type { OrderHistory, UserProfile } from '../core/user';
import type { UserEntity } from './entities/user.entity';

/** Maps a stored user (with its identities loaded) to the core's {@link UserProfile}. */
export function toUserProfile(user: UserEntity): UserProfile {
  const identities = [...(user.identities ?? [])]
    .sort((a, b) => a.id - b.id)
    .map((i) => ({ channel: i.channel, externalId: i.externalId }));
  const profile: UserProfile = {
    id: user.id,
    identities,
    isNew: Boolean(user.isNew),
    attributes: { ...(user.attributes ?? {}) },
    tags: [...(user.tags ?? [])],
    optedOut: Boolean(user.optedOut),
    createdAt: new Date(user.createdAt).toISOString(),
    lastSeenAt: new Date(user.lastSeenAt).toISOString(),
  };
  if (user.displayName) profile.displayName = user.displayName;
  const orders = orderHistoryOf(user);
  if (orders) profile.orders = orders;
  return profile;
}

/** The order summary columns as an {@link OrderHistory}; undefined when kefu knows no orders and never asked the shop. */
export function orderHistoryOf(
  user: Partial<Pick<UserEntity, 'orderCount' | 'firstOrderAt' | 'lastOrderAt' | 'firstDeliveredAt' | 'ordersCheckedAt'>>,
): OrderHistory | undefined {
  const count = Number(user.orderCount ?? 0);
  if (count === 0 && !user.ordersCheckedAt) return undefined;
  const iso = (d: Date | null | undefined): string | undefined => (d ? new Date(d).toISOString() : undefined);
  const history: OrderHistory = { count };
  const fields = {
    firstOrderAt: iso(user.firstOrderAt),
    lastOrderAt: iso(user.lastOrderAt),
    deliveredAt: iso(user.firstDeliveredAt),
    checkedAt: iso(user.ordersCheckedAt),
  };
  for (const [key, value] of Object.entries(fields)) if (value) history[key as keyof typeof fields] = value;
  return history;
}
