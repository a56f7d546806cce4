import type { Redis } from 'ioredis';
import type { OutreachKeys } from '../keys';
import { LuaScript } from '../../core/redis/lua-script';
import { ALLOW, block, type PolicyDecision } from './decision';

const YEAR_MS = 366 * 86_400_000;

// KEYS: counter, reservation. Idempotent per reservation key.
const CONSUME = new LuaScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 1 end
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 0 then return 0 end
redis.call('DECR', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ${YEAR_MS})
return 1`);

// KEYS: counter, reservation. Gives the consent back once per reservation key.
const RESTORE = new LuaScript(`
if redis.call('DEL', KEYS[2]) == 0 then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ${YEAR_MS})
return 1`);

/**
 * One-time subscription consents (WeChat 订阅消息): one consent = one message of that template.
 *
 * @example
 * await consents.recordConsent('u1', 'order_unpaid');
 * await consents.consume('u1', 'order_unpaid', 'unpaid_order.o1@1700000000000'); // allowed once
 */
export class SubscriptionConsents {
  constructor(
    private readonly redis: Redis,
    private readonly keys: OutreachKeys,
  ) {}

  /** The shopper accepted one message of `templateId`. */
  async recordConsent(userId: string, templateId: string): Promise<void> {
    const key = this.keys.consent(userId, templateId);
    await this.redis.multi().incr(key).pexpire(key, YEAR_MS).exec();
  }

  /** Read-only: is at least one consent left? */
  async check(userId: string, templateId: string): Promise<PolicyDecision> {
    const n = Number((await this.redis.get(this.keys.consent(userId, templateId))) ?? 0);
    return n > 0 ? ALLOW : block('no_consent');
  }

  /** Use one consent for the send `member` (idempotent per member). */
  async consume(userId: string, templateId: string, member: string): Promise<PolicyDecision> {
    const ok = await CONSUME.run(this.redis, [this.keys.consent(userId, templateId), this.keys.consentReservation(member)], []);
    return ok === 1 ? ALLOW : block('no_consent');
  }

  /** Give back the consent the send `member` used (it reached nobody), if it used one. Idempotent per member. */
  async release(userId: string, templateId: string, member: string): Promise<void> {
    await RESTORE.run(this.redis, [this.keys.consent(userId, templateId), this.keys.consentReservation(member)], []);
  }
}
