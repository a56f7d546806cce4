/** A shopper as kefu knows them, across channels. */
export interface UserProfile {
  /** kefu's own user id (stable across channels). */
  id: string;
  /** Channel identities: `{ channel, externalId }` pairs that map to this user. */
  identities: { channel: string; externalId: string }[];
  displayName?: string;
  /** true until the first paid order (order events, the merchant API), or until the shop marks the shopper as known. */
  isNew: boolean;
  /** The shopper's orders as kefu knows them; absent: none known (see src/core/lifecycle.ts for the stages). */
  orders?: OrderHistory;
  /** Profile attributes, e.g. `{ preferredCategory: 'beauty', city: '杭州', timezone: 'Asia/Shanghai' }`. */
  attributes: Record<string, string | number | boolean>;
  tags: string[];
  /** Shopper asked not to be contacted proactively. */
  optedOut: boolean;
  createdAt: string;
  lastSeenAt: string;
}

/** A summary of a shopper's paid orders (cancelled ones excluded), kept from order events and the merchant API. */
export interface OrderHistory {
  /** Paid orders. */
  count: number;
  /** ISO time of the first and of the latest paid order. */
  firstOrderAt?: string;
  lastOrderAt?: string;
  /** ISO time an order of theirs was first seen delivered. */
  deliveredAt?: string;
  /** ISO time kefu last asked the shop (CommerceGateway.listOrders); absent: never. */
  checkedAt?: string;
}

/**
 * Finds or creates users by channel identity. Implemented over typeorm in src/store.
 */
export interface UserDirectory {
  /** Find the user behind a channel identity, creating a new one (isNew = true) the first time. */
  resolve(channel: string, externalId: string, displayName?: string): Promise<UserProfile>;
  get(userId: string): Promise<UserProfile | undefined>;
  update(
    userId: string,
    patch: Partial<Pick<UserProfile, 'isNew' | 'attributes' | 'tags' | 'optedOut' | 'displayName'>>,
  ): Promise<UserProfile>;
}
