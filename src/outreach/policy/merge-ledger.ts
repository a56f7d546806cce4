import type { Redis } from 'ioredis';
import { LuaScript } from '../../core/redis/lua-script';
import type { OutreachKeys } from '../keys';

const WEEK_MS = 7 * 86_400_000;
const YEAR_MS = 366 * 86_400_000;

// Caps: KEYS into zset, from zset. Union (a send counted for both counts once, at its latest time), keep a week.
const MERGE_CAPS = new LuaScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[1], KEYS[2], 'AGGREGATE', 'MAX')
redis.call('PEXPIRE', KEYS[1], ${WEEK_MS})
redis.call('DEL', KEYS[2])
return 1`);

// Consents: KEYS into counter, from counter. One-time consents add up.
const MERGE_CONSENT = new LuaScript(`
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n <= 0 then redis.call('DEL', KEYS[2]) return 0 end
redis.call('INCRBY', KEYS[1], n)
redis.call('PEXPIRE', KEYS[1], ${YEAR_MS})
redis.call('DEL', KEYS[2])
return 1`);

// Windows: KEYS into hash, from hash. Per action the later opening wins, with its allowance used.
const MERGE_WINDOW = new LuaScript(`
local from = redis.call('HGETALL', KEYS[2])
if #from == 0 then return 0 end
for i = 1, #from, 2 do
  local field = from[i]
  if not string.find(field, ':used', 1, true) then
    local theirs = tonumber(from[i + 1])
    local mine = tonumber(redis.call('HGET', KEYS[1], field) or '-1')
    if theirs > mine then
      local used = redis.call('HGET', KEYS[2], field .. ':used') or '0'
      redis.call('HSET', KEYS[1], field, theirs, field .. ':used', used)
    end
  end
end
redis.call('PEXPIRE', KEYS[1], ${WEEK_MS})
redis.call('DEL', KEYS[2])
return 1`);

/**
 * Moves one user's outreach ledger in Redis to another (after their profiles were merged, docs/identity.md):
 * frequency-cap sends are united (a send counted for both counts once), one-time subscription consents add up, and
 * per channel window the later opening wins. Safe to run again: what was moved is gone from `fromId`.
 *
 * @example
 * await mergeLedgerUsers(redis, keys, customer.id, visitor.id, ['web', 'wechat-official']);
 */
export async function mergeLedgerUsers(
  redis: Redis,
  keys: OutreachKeys,
  intoId: string,
  fromId: string,
  channels: readonly string[],
): Promise<void> {
  if (intoId === fromId) return;
  await MERGE_CAPS.run(redis, [keys.caps(intoId), keys.caps(fromId)], []);
  for (const channel of channels) await MERGE_WINDOW.run(redis, [keys.window(channel, intoId), keys.window(channel, fromId)], []);
  const prefix = keys.consent(fromId, '');
  for await (const batch of redis.scanStream({ match: `${globEscape(prefix)}*`, count: 500 }) as AsyncIterable<string[]>) {
    for (const key of batch) {
      const templateId = key.slice(prefix.length);
      await MERGE_CONSENT.run(redis, [keys.consent(intoId, templateId), key], []);
    }
  }
}

function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
