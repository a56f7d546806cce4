import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script';

// KEYS: stream. ARGV: group, consumer, entry ids…  Resets the idle time of the entries still pending for this
// consumer (XCLAIM … 0 … JUSTID: the delivery count stays), never taking one another consumer has claimed meanwhile.
const REFRESH = new LuaScript(`
local mine = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #p > 0 then mine[#mine + 1] = ARGV[i] end
end
if #mine == 0 then return 0 end
local args = { 'XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0 }
for _, id in ipairs(mine) do args[#args + 1] = id end
args[#args + 1] = 'JUSTID'
redis.call(unpack(args))
return #mine
`);

/**
 * The inbox entries one process holds (taken from the stream, not acknowledged yet), and which of them to keep
 * from looking abandoned: an entry waiting behind an earlier message of its conversation is not run yet, but its
 * idle time in the consumer group grows, and after `claimIdleMs` another process would take it over and run it out
 * of order. {@link refresh} resets the idle time of the held entries of every conversation whose current turn has
 * run for less than `claimIdleMs`. A conversation whose turn runs longer (hung, or its process dead: the stream cannot
 * tell) is not refreshed any more: another process takes that entry over, then the ones behind it, in stream order,
 * and its message claim decides. A dead process's claim has lapsed, so the message runs there; a live turn renews its
 * claim, so the other process gives the entries back unrun (see DurableInbox) and this process runs them after it.
 *
 * @example
 * const held = new HeldEntries(60_000);
 * held.hold('1-0', 'wecom-kf:wk1:o-1'); // taken, waiting
 * held.start('1-0'); // its turn runs (again, after each retry)
 * await held.refresh(redis, key, group, consumer); // every claimIdleMs / 3
 * held.release('1-0'); // acknowledged
 */
export class HeldEntries {
  private readonly entries = new Map<string, { conversation: string; runningSince?: number }>();

  constructor(
    private readonly claimIdleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Entry `id` of `conversation` was taken and waits for its turn. */
  hold(id: string, conversation: string): void {
    this.entries.set(id, { conversation });
  }

  /** Entry `id`'s turn starts (or, after a failed run, starts again: its idle time was reset then). */
  start(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.runningSince = this.now();
  }

  /** Entry `id` is finished (acknowledged) or left for another process: it is not refreshed any more. */
  release(id: string): void {
    this.entries.delete(id);
  }

  /** The held entries to keep fresh now (waiting or running, not behind a hung turn), in the order they were taken. */
  toRefresh(): string[] {
    const now = this.now();
    const stuck = new Set<string>();
    for (const { conversation, runningSince } of this.entries.values())
      if (runningSince !== undefined && now - runningSince >= this.claimIdleMs) stuck.add(conversation);
    return [...this.entries].filter(([, e]) => !stuck.has(e.conversation)).map(([id]) => id);
  }

  /** Resets the idle time of the entries to keep fresh that this consumer still owns; resolves to how many. */
  async refresh(redis: Redis, key: string, group: string, consumer: string): Promise<number> {
    const ids = this.toRefresh();
    if (ids.length === 0) return 0;
    return Number(await REFRESH.run(redis, [key], [group, consumer, ...ids]));
  }
}
