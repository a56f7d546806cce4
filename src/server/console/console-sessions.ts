import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A signed-in console session: whose it is and the token its non-GET requests must echo (CSRF). */
export interface ConsoleSession {
  userId: number;
  csrfToken: string;
  createdAt: number;
}

/** How long a session lasts without being used, seconds. @defaultValue 8 h */
export const SESSION_TTL_SECONDS = 8 * 3600;

/**
 * Console sessions in Redis: the browser holds a random 256-bit id (cookie), Redis holds only its SHA-256 as the key
 * (`<prefix>:console:session:<hash>`), so a Redis dump reveals no usable id. Each use extends the expiry. A set per
 * account (`<prefix>:console:user-sessions:<userId>`) lists its session hashes so they can all be ended at once.
 *
 * @example
 * const sessions = new ConsoleSessions(redis, 'kefu');
 * const { id, session } = await sessions.create(7);
 * (await sessions.get(id))?.userId; // 7
 */
export class ConsoleSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = SESSION_TTL_SECONDS,
  ) {}

  /** Start a session for `userId`; returns the id for the cookie. */
  async create(userId: number): Promise<{ id: string; session: ConsoleSession }> {
    const id = randomBytes(32).toString('base64url');
    const session: ConsoleSession = { userId, csrfToken: randomBytes(32).toString('base64url'), createdAt: Date.now() };
    await this.redis
      .multi()
      .set(this.key(id), JSON.stringify(session), 'EX', this.ttlSeconds)
      .sadd(this.userKey(userId), hashOf(id))
      .expire(this.userKey(userId), this.ttlSeconds)
      .exec();
    return { id, session };
  }

  /** The live session with this id (its expiry renewed), or undefined. */
  async get(id: string): Promise<ConsoleSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.getex(this.key(id), 'EX', this.ttlSeconds);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as ConsoleSession;
    await this.redis.expire(this.userKey(session.userId), this.ttlSeconds);
    return session;
  }

  /** End every session of account `userId` (disabled, new password), except the session `exceptId` if given. */
  async endAllOf(userId: number, exceptId?: string): Promise<void> {
    const keep = exceptId === undefined ? undefined : hashOf(exceptId);
    const hashes = (await this.redis.smembers(this.userKey(userId))).filter((h) => h !== keep);
    if (hashes.length === 0) return;
    await this.redis
      .multi()
      .del(...hashes.map((h) => this.hashKey(h)))
      .srem(this.userKey(userId), ...hashes)
      .exec();
  }

  /** End the session (logout). */
  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return this.hashKey(hashOf(id));
  }

  private hashKey(hash: string): string {
    return `${this.prefix}:console:session:${hash}`;
  }

  private userKey(userId: number): string {
    return `${this.prefix}:console:user-sessions:${userId}`;
  }
}

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}
