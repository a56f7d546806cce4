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
 * (`<prefix>:console:session:<hash>`), so a Redis dump reveals no usable id. Each use extends the expiry.
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
    await this.redis.set(this.key(id), JSON.stringify(session), 'EX', this.ttlSeconds);
    return { id, session };
  }

  /** The live session with this id (its expiry renewed), or undefined. */
  async get(id: string): Promise<ConsoleSession | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.getex(this.key(id), 'EX', this.ttlSeconds);
    return raw ? (JSON.parse(raw) as ConsoleSession) : undefined;
  }

  /** End the session (logout). */
  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.prefix}:console:session:${createHash('sha256').update(id).digest('hex')}`;
  }
}
