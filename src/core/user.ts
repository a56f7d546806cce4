/** A shopper as kefu knows them, across channels. */
export interface UserProfile {
  /** kefu's own user id (stable across channels). */
  id: string;
  /** Channel identities: `{ channel, externalId }` pairs that map to this user. */
  identities: { channel: string; externalId: string }[];
  displayName?: string;
  /** true until the first order (or first completed conversation, for shops without orders). */
  isNew: boolean;
  /** Profile attributes, e.g. `{ preferredCategory: 'beauty', city: '杭州', timezone: 'Asia/Shanghai' }`. */
  attributes: Record<string, string | number | boolean>;
  tags: string[];
  /** Shopper asked not to be contacted proactively. */
  optedOut: boolean;
  createdAt: string;
  lastSeenAt: string;
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
