import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script';

// KEYS: stream. ARGV: group, this consumer, the consumer to give it to, delivery count, entry id.
// Only an entry still pending for this consumer moves (one acknowledged meanwhile, or claimed by another consumer,
// stays as it is); JUSTID with RETRYCOUNT sets its delivery count back and resets its idle time.
const GIVE_BACK = new LuaScript(`
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[5], ARGV[5], 1, ARGV[2])
if #p == 0 then return 0 end
redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[3], 0, ARGV[5], 'RETRYCOUNT', ARGV[4], 'JUSTID')
return 1
`);

/** Where {@link giveBack} leaves an entry. */
export interface GiveBack {
  /** Stream key and consumer group. */
  key: string;
  group: string;
  /** The consumer that holds the entry now (this process). */
  consumer: string;
  /** The consumer it was taken over from (it gets the entry back), or this one for an entry it read itself. */
  to: string;
  /** The delivery count to restore: the runs the entry had before this process took it (not counting this take). */
  deliveries: number;
}

/**
 * Leaves inbox entry `id` pending without running it, as if this process had never taken it: it goes back to the
 * consumer it was taken from (whose live process keeps it fresh again once its turn moves on), with the delivery count
 * it had before, so a look that did not run it does not count as an attempt. Resolves to whether the entry moved
 * (false: it was acknowledged or claimed by another consumer meanwhile).
 *
 * @example
 * await giveBack(redis, '1700000000000-0', { key, group: 'kefu', consumer: 'b-1', to: 'a-1', deliveries: 1 });
 */
export async function giveBack(redis: Redis, id: string, where: GiveBack): Promise<boolean> {
  const { key, group, consumer, to, deliveries } = where;
  return Number(await GIVE_BACK.run(redis, [key], [group, consumer, to, Math.max(0, deliveries), id])) === 1;
}
