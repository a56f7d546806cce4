import type { Redis } from 'ioredis';

// KEYS: seen, transfer. ARGV: dedupe TTL (s). 0 = a retry; 1 = first delivery; 2 = first, and a transfer was pending.
const CLAIM = `if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
return 1 + redis.call('DEL', KEYS[2])`;

/**
 * The adapter's shared state in Redis, so that every kefu process behind the webhook agrees:
 * which pushes were already taken (WeChat retries a push it got no answer to within 5 s, possibly at another
 * process) and which conversations wait for a transfer to human agents.
 *
 * @example
 * const store = new PushStore(redis, 'kefu:wechat:wechat-official', { dedupeTtlSec: 900, transferTtlSec: 86400 });
 * if (!(await store.claim('wx1', 'msg:123', 'oUser')).first) return 'success'; // a retry: the first delivery handles it
 */
export class PushStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttl: { dedupeTtlSec: number; transferTtlSec: number },
  ) {}

  /**
   * Takes a push for handling, in one round trip: `first` is true for its first delivery and false for every retry
   * (at any process), while the first is still running and for `dedupeTtlSec` after. A first delivery also takes
   * the shopper's pending transfer, if any (`transfer`: answer it with transfer_customer_service, exactly once).
   */
  async claim(appId: string, dedupeId: string, openid: string): Promise<{ first: boolean; transfer: boolean }> {
    const keys = [`${this.prefix}:${appId}:seen:${dedupeId}`, `${this.prefix}:${appId}:transfer:${openid}`];
    const taken = (await this.redis.eval(CLAIM, 2, ...keys, this.ttl.dedupeTtlSec)) as number;
    return { first: taken > 0, transfer: taken === 2 };
  }

  /** Gives a claimed push back (it could not be kept), so WeChat's next retry is handled. */
  async release(appId: string, dedupeId: string): Promise<void> {
    await this.redis.del(`${this.prefix}:${appId}:seen:${dedupeId}`);
  }

  /** Remembers that the shopper's next push should be answered with transfer_customer_service. */
  async markTransfer(appId: string, openid: string): Promise<void> {
    await this.redis.set(`${this.prefix}:${appId}:transfer:${openid}`, '1', 'EX', this.ttl.transferTtlSec);
  }
}
