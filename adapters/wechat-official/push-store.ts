import type { Redis } from 'ioredis';
import { LuaScript, type InboxEntries } from '../../src/index';

// KEYS: seen, transfer[, inbox stream]. ARGV: dedupe TTL (s), stream MAXLEN, entries to keep…
// Returns 0 = a retry; 1 = first delivery; 2 = first, and a transfer was pending. A first delivery's entries are
// added to the stream in the same call, so a push is claimed and kept in one round trip, all or nothing.
const CLAIM = new LuaScript(`if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
local transfer = redis.call('DEL', KEYS[2])
for i = 3, #ARGV do redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'm', ARGV[i]) end
return 1 + transfer`);

/**
 * The adapter's shared state in Redis, so that every kefu process behind the webhook agrees:
 * which pushes were already taken (WeChat retries a push it got no answer to within 5 s, possibly at another
 * process) and which conversations wait for a transfer to human agents.
 *
 * @example
 * const store = new PushStore(redis, 'kefu:wechat:wechat-official', { dedupeTtlSec: 900, transferTtlSec: 86400 });
 * if (!(await store.claim('wx1', 'msg:123', 'oUser', inbox.entriesFor(messages))).first) return 'success'; // a retry: the first delivery handles it
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
   * the shopper's pending transfer, if any (`transfer`: answer it with transfer_customer_service, exactly once),
   * and, given `keep` (from `DurableInbox.entriesFor`), adds the push's messages to the durable inbox in the
   * same atomic call: a retry never adds them twice, and a push is never claimed without being kept.
   * `leaseSec` shortens the claim while the push is not answered yet (passive replies: if this process dies
   * before answering, WeChat's later retry is handled elsewhere); {@link settle} then makes it `dedupeTtlSec`.
   */
  async claim(
    appId: string,
    dedupeId: string,
    openid: string,
    keep?: InboxEntries,
    leaseSec = this.ttl.dedupeTtlSec,
  ): Promise<{ first: boolean; transfer: boolean }> {
    const keys = [`${this.prefix}:${appId}:seen:${dedupeId}`, `${this.prefix}:${appId}:transfer:${openid}`];
    const args: (string | number)[] = [leaseSec, keep?.maxLength ?? 0];
    if (keep && keep.entries.length > 0) {
      keys.push(keep.key);
      args.push(...keep.entries);
    }
    const taken = (await CLAIM.run(this.redis, keys, args)) as number;
    return { first: taken > 0, transfer: taken === 2 };
  }

  /** The push was answered (WeChat sends no more retries that matter): remember it for the full dedupe TTL. */
  async settle(appId: string, dedupeId: string): Promise<void> {
    await this.redis.expire(`${this.prefix}:${appId}:seen:${dedupeId}`, this.ttl.dedupeTtlSec);
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
