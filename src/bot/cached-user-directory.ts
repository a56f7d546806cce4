import type { UserDirectory, UserProfile } from '../core/user';

/** Options of {@link CachedUserDirectory}. */
export interface CachedUserDirectoryOptions {
  /** How long a resolved profile is reused. @defaultValue 10000 */
  ttlMs?: number;
  /** Most identities kept (oldest evicted first). @defaultValue 50000 */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  user: UserProfile;
  expires: number;
}

/**
 * A short-lived in-process cache in front of a UserDirectory: a shopper who writes several messages
 * in a row is looked up in the database once per `ttlMs`, not once per message. Updates made
 * through this directory refresh the cache at once; changes made by another process are seen
 * after at most `ttlMs`.
 */
export class CachedUserDirectory implements UserDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByUser = new Map<string, Set<string>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: UserDirectory,
    options: CachedUserDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  async resolve(channel: string, externalId: string, displayName?: string): Promise<UserProfile> {
    const key = `${channel}\u0000${externalId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expires > this.now() && (displayName === undefined || displayName === hit.user.displayName)) return hit.user;
    const user = await this.inner.resolve(channel, externalId, displayName);
    this.remember(key, user);
    return user;
  }

  get(userId: string): Promise<UserProfile | undefined> {
    return this.inner.get(userId);
  }

  async update(userId: string, patch: Parameters<UserDirectory['update']>[1]): Promise<UserProfile> {
    const user = await this.inner.update(userId, patch);
    for (const key of this.keysByUser.get(userId) ?? []) this.remember(key, user);
    return user;
  }

  /** Drop every cached identity of a user (it was merged into another, or gained an identity). */
  forgetUser(userId: string): void {
    for (const key of [...(this.keysByUser.get(userId) ?? [])]) this.forget(key);
  }

  private remember(key: string, user: UserProfile): void {
    this.entries.delete(key);
    this.entries.set(key, { user, expires: this.now() + this.ttlMs });
    let keys = this.keysByUser.get(user.id);
    if (!keys) this.keysByUser.set(user.id, (keys = new Set()));
    keys.add(key);
    if (this.entries.size > this.maxEntries) {
      const [oldest] = this.entries.keys();
      if (oldest !== undefined) this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry) return;
    const keys = this.keysByUser.get(entry.user.id);
    keys?.delete(key);
    if (keys && keys.size === 0) this.keysByUser.delete(entry.user.id);
  }
}
