import type { Redis } from 'ioredis';
import type { OutreachKeys } from '../keys';
import { LuaScript } from '../../core/redis/lua-script';
import { windowPreference, type ChannelRule, type InboundAction } from './channel-rules';
import { ALLOW, block, type PolicyDecision } from './decision';

const WEEK_MS = 7 * 86_400_000;

// KEYS: window hash, reservation key. ARGV: mode (check|reserve|count), now, then triples kind,duration,quota(-1 = unlimited).
const SCRIPT = new LuaScript(`
local mode = ARGV[1]
local now = tonumber(ARGV[2])
if mode == 'reserve' then
  local done = redis.call('GET', KEYS[2])
  if done then return {1, done} end
end
local anyOpen = false
local retry = 0
for i = 3, #ARGV, 3 do
  local kind = ARGV[i]
  local opened = redis.call('HGET', KEYS[1], kind)
  local at = tonumber(opened or '-1')
  if at >= 0 and now < at + tonumber(ARGV[i + 1]) then
    anyOpen = true
    local quota = tonumber(ARGV[i + 2])
    local used = tonumber(redis.call('HGET', KEYS[1], kind .. ':used') or '0')
    if quota < 0 or used < quota then
      if mode ~= 'check' then redis.call('HINCRBY', KEYS[1], kind .. ':used', 1) end
      if mode == 'reserve' then redis.call('SET', KEYS[2], kind .. '|' .. opened, 'PX', ${WEEK_MS}) end
      return {1, kind}
    end
  end
end
if anyOpen then return {0, 'window_quota'} end
return {0, 'window_closed'}`);

// KEYS: window hash, reservation key. The reservation is '<kind>|<opened at>' (or '<kind>', written by older versions):
// give its message back only while that window is still the one it was taken from (a new opening reset the count).
const RELEASE = new LuaScript(`
local done = redis.call('GET', KEYS[2])
if not done then return 0 end
redis.call('DEL', KEYS[2])
local kind, at = string.match(done, '^([^|]*)|(.*)$')
if not kind then kind = done end
if at and redis.call('HGET', KEYS[1], kind) ~= at then return 0 end
local used = tonumber(redis.call('HGET', KEYS[1], kind .. ':used') or '0')
if used <= 0 then return 0 end
redis.call('HINCRBY', KEYS[1], kind .. ':used', -1)
return 1`);

/**
 * Customer-service windows and quotas per channel and user, kept in one Redis hash per (channel, user):
 * field `<action>` = when the window opened, `<action>:used` = messages sent in it.
 *
 * @example
 * await windows.recordInbound('wechat-official', 'openid-1', 'message', Date.now());
 * await windows.check('wechat-official', 'openid-1', Date.now()); // { allowed: true }
 */
export class ChannelWindows {
  constructor(
    private readonly redis: Redis,
    private readonly keys: OutreachKeys,
    private readonly rules: Readonly<Record<string, ChannelRule>>,
  ) {}

  /** The rule of a channel, if any. */
  ruleOf(channel: string): ChannelRule | undefined {
    return this.rules[channel];
  }

  /** A qualifying shopper action: (re)opens that kind of window and resets its allowance (it does not add up). */
  async recordInbound(channel: string, userId: string, action: InboundAction, at: number): Promise<void> {
    const key = this.keys.window(channel, userId);
    await this.redis.multi().hset(key, action, at, `${action}:used`, 0).pexpire(key, WEEK_MS).exec();
  }

  /** Count a message the bot sent in a window outside outreach (e.g. a normal reply). */
  async recordOutbound(channel: string, userId: string, at: number): Promise<PolicyDecision> {
    return this.run('count', channel, userId, at, '');
  }

  /**
   * The platform refused a message (WeChat 45015 / 45047, 微信客服's 48 h / 5 rule): trust it over our own
   * count. `window_closed` closes every window of (channel, user); `window_quota` uses up the allowance of
   * the open ones. A later shopper action reopens them as usual.
   */
  async recordRefusal(channel: string, userId: string, reason: 'window_closed' | 'window_quota'): Promise<void> {
    const key = this.keys.window(channel, userId);
    if (reason === 'window_closed') {
      await this.redis.del(key);
      return;
    }
    const kinds = Object.keys(this.rules[channel]?.windows ?? {});
    if (kinds.length === 0) return;
    const used = kinds.flatMap((kind) => [`${kind}:used`, Number.MAX_SAFE_INTEGER]);
    await this.redis.hset(key, ...used);
  }

  /** Read-only: is a window open with allowance left? */
  check(channel: string, userId: string, now: number): Promise<PolicyDecision> {
    return this.run('check', channel, userId, now, '');
  }

  /** Atomically take one message of allowance for the send `member` (idempotent per member). */
  reserve(channel: string, userId: string, member: string, now: number): Promise<PolicyDecision> {
    return this.run('reserve', channel, userId, now, member);
  }

  /**
   * Give back the message of allowance the send `member` reserved (it reached nobody), if it took one and that
   * window is still open as it was. Idempotent per member.
   */
  async release(channel: string, userId: string, member: string): Promise<void> {
    await RELEASE.run(this.redis, [this.keys.window(channel, userId), this.keys.windowReservation(member)], []);
  }

  private async run(
    mode: 'check' | 'reserve' | 'count',
    channel: string,
    userId: string,
    now: number,
    member: string,
  ): Promise<PolicyDecision> {
    const rule = this.rules[channel];
    if (!rule) return block('no_channel_rule');
    if (rule.open || rule.presence) return ALLOW;
    const args = windowPreference(rule).flatMap(([kind, w]) => [kind, w.durationMs, w.quota ?? -1]);
    const keys = [this.keys.window(channel, userId), this.keys.windowReservation(member || '-')];
    const [ok, detail] = (await SCRIPT.run(this.redis, keys, [mode, now, ...args])) as [number, string];
    return ok === 1 ? ALLOW : block(detail);
  }
}
