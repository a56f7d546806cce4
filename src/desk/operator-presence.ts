import type { Redis } from 'ioredis';

/** How long an operator counts as online after their console last said so (it repeats every 20 s while open). */
export const PRESENCE_TTL_MS = 60_000;

/**
 * Which console operators are online to take handoffs, shared by every kefu process through Redis (a sorted set of
 * names scored by when their presence lapses). The console says `online` while the inbox is open and set to 在线;
 * closing it or switching to 离开 ends it; a crashed browser lapses after {@link PRESENCE_TTL_MS}.
 *
 * @example
 * const presence = new OperatorPresence(redis, 'kefu');
 * await presence.online('xiaomei', Date.now());
 * await presence.count(Date.now()); // 1
 */
export class OperatorPresence {
  private readonly key: string;
  private readonly statusKey: string;
  private cached?: { at: number; count: number };

  constructor(
    private readonly redis: Redis,
    prefix: string,
    /** How long {@link countCached} trusts its last answer (the flow engine asks on every turn). */
    private readonly cacheMs = 2_000,
  ) {
    this.key = `${prefix}:desk:presence`;
    this.statusKey = `${prefix}:desk:status`;
  }

  /** The status an operator chose in the console (在线 / 离开); `online` until they choose otherwise. */
  async statusOf(name: string): Promise<'online' | 'away'> {
    return (await this.redis.hget(this.statusKey, name)) === 'away' ? 'away' : 'online';
  }

  /** Choose 在线 (online now, kept while their console is open) or 离开 (away now). */
  async setStatus(name: string, status: 'online' | 'away', now: number): Promise<void> {
    await this.redis.hset(this.statusKey, name, status);
    if (status === 'online') await this.online(name, now);
    else await this.away(name);
  }

  /** `name` is online until now + TTL. */
  async online(name: string, now: number): Promise<void> {
    await this.redis.zadd(this.key, now + PRESENCE_TTL_MS, name);
    this.cached = undefined;
  }

  /** `name` is away (or signed out). */
  async away(name: string): Promise<void> {
    await this.redis.zrem(this.key, name);
    this.cached = undefined;
  }

  /** The names online now. */
  async names(now: number): Promise<string[]> {
    await this.redis.zremrangebyscore(this.key, '-inf', now);
    return this.redis.zrangebyscore(this.key, now, '+inf');
  }

  /** How many operators are online now. */
  async count(now: number): Promise<number> {
    return this.redis.zcount(this.key, now, '+inf');
  }

  /** {@link count}, trusting an answer younger than the cache time (a turn must not wait on Redis for this). */
  async countCached(now: number): Promise<number> {
    if (this.cached && now - this.cached.at < this.cacheMs && now >= this.cached.at) return this.cached.count;
    const count = await this.count(now);
    this.cached = { at: now, count };
    return count;
  }
}
