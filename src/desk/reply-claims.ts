import type { Redis } from 'ioredis';

/** What a finished reply answered, kept so a repeated request gets the same answer without sending again. */
export interface StoredReply {
  messageId: number;
  at: string;
  text: string | null;
  delivered: boolean;
  note?: string;
}

/** How long a reply's client id is remembered. */
const TTL_SECONDS = 24 * 3600;

/**
 * One send per operator reply, whatever the browser retries: the console's per-message client id is claimed in Redis
 * before sending (`SET NX`), its answer stored after, and a repeat gets the stored answer (or 409 while the first is
 * still sending). Shared by every kefu process.
 *
 * @example
 * const claims = new ReplyClaims(redis, 'kefu');
 * const claim = await claims.begin('7:c-1');
 * if (claim.fresh) { …send…; await claims.finish('7:c-1', answer); }
 */
export class ReplyClaims {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Claim `key`; when someone already did, what they stored (undefined while they are still sending). */
  async begin(key: string): Promise<{ fresh: true } | { fresh: false; stored?: StoredReply }> {
    const k = this.keyOf(key);
    if ((await this.redis.set(k, 'pending', 'EX', TTL_SECONDS, 'NX')) === 'OK') return { fresh: true };
    const value = await this.redis.get(k);
    if (!value || value === 'pending') return { fresh: false };
    return { fresh: false, stored: JSON.parse(value) as StoredReply };
  }

  /** The reply went out (or was kept): remember its answer. */
  async finish(key: string, stored: StoredReply): Promise<void> {
    await this.redis.set(this.keyOf(key), JSON.stringify(stored), 'EX', TTL_SECONDS);
  }

  /** The reply failed before anything was sent: the operator may try again with the same id. */
  async abandon(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `${this.prefix}:desk:reply:${key}`;
  }
}
