import type { Redis } from 'ioredis';
import type { OutreachKeys } from '../keys';
import { LuaScript } from '../../core/redis/lua-script';
import { ALLOW, block, type PolicyDecision } from './decision';

/** Per-user frequency caps over rolling windows (24 h and 7 days). */
export interface FrequencyCaps {
  perDay: number;
  perWeek: number;
}

/** ≤ 2 a day, ≤ 5 a week. */
export const DEFAULT_CAPS: FrequencyCaps = { perDay: 2, perWeek: 5 };

const DAY = 86_400_000;
const WEEK = 7 * DAY;

// KEYS[1] zset; ARGV now, perDay, perWeek, member ('' = read only). Returns {code, retryAt}.
const SCRIPT = new LuaScript(`
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${WEEK})
if ARGV[4] ~= '' and redis.call('ZSCORE', KEYS[1], ARGV[4]) then return {0, 0} end
local day = redis.call('ZCOUNT', KEYS[1], now - ${DAY}, '+inf')
if day >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGEBYSCORE', KEYS[1], now - ${DAY}, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  return {1, tonumber(first[2]) + ${DAY}}
end
local week = redis.call('ZCARD', KEYS[1])
if week >= tonumber(ARGV[3]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return {2, tonumber(first[2]) + ${WEEK}}
end
if ARGV[4] ~= '' then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ${WEEK})
end
return {0, 0}`);

/**
 * Frequency caps counted in one Redis sorted set per user (member = idempotency key, score = send time),
 * so a retried reservation of the same job is not counted twice.
 */
export class FrequencyCapRule {
  constructor(
    private readonly redis: Redis,
    private readonly keys: OutreachKeys,
    private readonly caps: FrequencyCaps = DEFAULT_CAPS,
  ) {}

  /** Read-only check. */
  check(userId: string, now: number): Promise<PolicyDecision> {
    return this.run(userId, now, '');
  }

  /** Atomically check and count one send identified by `member` (idempotent per member). */
  reserve(userId: string, member: string, now: number): Promise<PolicyDecision> {
    return this.run(userId, now, member);
  }

  /** Give a reserved slot back (the send failed for good). */
  async release(userId: string, member: string): Promise<void> {
    await this.redis.zrem(this.keys.caps(userId), member);
  }

  private async run(userId: string, now: number, member: string): Promise<PolicyDecision> {
    const args = [now, this.caps.perDay, this.caps.perWeek, member];
    const [code, retryAt] = (await SCRIPT.run(this.redis, [this.keys.caps(userId)], args)) as [number, number];
    if (code === 0) return ALLOW;
    return block(code === 1 ? 'cap_day' : 'cap_week', retryAt);
  }
}
