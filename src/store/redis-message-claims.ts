import type Redis from 'ioredis';
import type { MessageClaim, MessageClaims } from '../core/message-claims';
import { LuaScript } from '../core/redis/lua-script';

// KEYS[1] the message's claim. ARGV: lease ms, TTL s, holder ('' for none). The value is
// `running:<lease end, ms on Redis's clock>[:<holder>]` while a turn holds it and `done` (or `1`, written by older
// versions) once finished. One round trip.
const CLAIM = new LuaScript(`local v = redis.call('GET', KEYS[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if v then
  local lease = string.match(v, '^running:(%d+)$') or string.match(v, '^running:(%d+):')
  if not lease then return 'done' end
  if tonumber(lease) > now then return 'running' end
end
local holder = ''
if ARGV[3] ~= '' then holder = ':' .. ARGV[3] end
redis.call('SET', KEYS[1], 'running:' .. string.format('%.0f', now + tonumber(ARGV[1])) .. holder, 'EX', ARGV[2])
if v then return 'retry' end
return 'new'`);

/** Extends a running claim's lease when it still carries ARGV[1] (the holder); ARGV[2] the lease, ms. 1: renewed. */
const RENEW = new LuaScript(`local v = redis.call('GET', KEYS[1])
local suffix = ':' .. ARGV[1]
if not v or not string.match(v, '^running:%d+:') or string.sub(v, -#suffix) ~= suffix then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('SET', KEYS[1], 'running:' .. string.format('%.0f', now + tonumber(ARGV[2])) .. suffix, 'KEEPTTL')
return 1`);

/** Ends a running claim's lease now (the turn threw), keeping the key so the next run knows it is a retry. */
const RELEASE = new LuaScript(`local v = redis.call('GET', KEYS[1])
if v and string.match(v, '^running:') then return redis.call('SET', KEYS[1], 'running:0', 'KEEPTTL') end
return 0`);

/**
 * {@link MessageClaims} on Redis: `<prefix>:seen:<id>` holds a message's claim (`running:<lease end>:<holder>` while a
 * turn runs it, `done` after; the same key older versions used
 * for `SET NX` dedupe, so a rolling upgrade keeps dropping retries), `<prefix>:sent:<key>` marks a sent reply.
 *
 * @example
 * const claims = new RedisMessageClaims(redis, 'kefu');
 * if ((await claims.claimMessage('web:-:m1', 30, 86400)) === 'new') runTurn();
 */
export class RedisMessageClaims implements MessageClaims {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claimMessage(id: string, leaseSeconds: number, ttlSeconds: number, holder = ''): Promise<MessageClaim> {
    return (await CLAIM.run(this.redis, [this.claimKey(id)], [millis(leaseSeconds), seconds(ttlSeconds), holder])) as MessageClaim;
  }

  async renewMessage(id: string, holder: string, leaseSeconds: number): Promise<boolean> {
    return (await RENEW.run(this.redis, [this.claimKey(id)], [holder, millis(leaseSeconds)])) === 1;
  }

  async completeMessage(id: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.claimKey(id), 'done', 'EX', seconds(ttlSeconds));
  }

  async releaseMessage(id: string): Promise<void> {
    await RELEASE.run(this.redis, [this.claimKey(id)], []);
  }

  async wasSent(key: string): Promise<boolean> {
    return (await this.redis.exists(this.sentKey(key))) === 1;
  }

  async markSent(key: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.sentKey(key), '1', 'EX', seconds(ttlSeconds));
  }

  private claimKey(id: string): string {
    return `${this.prefix}:seen:${id}`;
  }

  private sentKey(key: string): string {
    return `${this.prefix}:sent:${key}`;
  }
}

function millis(leaseSeconds: number): number {
  return Math.max(1, Math.round(leaseSeconds * 1000));
}

function seconds(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds));
}
