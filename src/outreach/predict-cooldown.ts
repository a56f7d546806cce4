import type { Redis } from 'ioredis';
import type { OutreachKeys } from './keys';

const QUEUED = '|queued';
const MARK_QUEUED = `local v = redis.call('GET', KEYS[1]) if v and string.sub(v, 1, #ARGV[1]) == ARGV[1] and string.sub(v, -#'${QUEUED}') ~= '${QUEUED}' then return redis.call('SET', KEYS[1], v .. '${QUEUED}', 'KEEPTTL') end return 0`;
const RELEASE = `local v = redis.call('GET', KEYS[1]) if v and string.sub(v, 1, #ARGV[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** A claim this old that never got queued was left by a crashed process: the same job may take it over. */
export const RESUME_AFTER_MS = 30_000;

/** What {@link PredictCooldown.claim} found. */
export type CooldownClaim = 'claimed' | 'resume' | 'taken';

/**
 * "At most once per shopper per period" of the predict rules: one Redis key per rule + shopper (+ `per` value) whose
 * value is the job that holds the period, set NX with the cooldown as its TTL.
 *
 * - `claimed`: the period is free and now belongs to this job;
 * - `resume`: the same job claimed it more than {@link RESUME_AFTER_MS} ago but was never queued (its process died
 *   between the two steps and the batch is processed again): queue it now;
 * - `taken`: another start, or the same one (queued, or being queued by a process judging the same batch), holds it.
 *
 * A job whose due-time check finds the intent gone releases the period, so the next matching event can start it.
 *
 * @example
 * if ((await cooldown.claim(key, jobId, 86_400_000)) !== 'taken') { await queue.add(…); await cooldown.markQueued(key, jobId); }
 */
export class PredictCooldown {
  constructor(
    private readonly redis: Redis,
    private readonly keys: OutreachKeys,
  ) {}

  /** The key of one rule, shopper and (optional) `per` value. */
  key(ruleId: string, userId: string, per?: string): string {
    return [this.keys.prefix, 'outreach', 'predict', ruleId, encodeURIComponent(userId), encodeURIComponent(per ?? '')].join(':');
  }

  async claim(key: string, jobId: string, ttlMs: number, now = Date.now()): Promise<CooldownClaim> {
    const mine = `${jobId}@`;
    if ((await this.redis.set(key, `${mine}${now}`, 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK') return 'claimed';
    const held = (await this.redis.get(key)) ?? '';
    if (!held.startsWith(mine) || held.endsWith(QUEUED)) return 'taken';
    return now - Number(held.slice(mine.length)) > RESUME_AFTER_MS ? 'resume' : 'taken';
  }

  /** The job is in the queue: a replayed batch no longer re-adds it (even after BullMQ removed it as completed). */
  async markQueued(key: string, jobId: string): Promise<void> {
    await this.redis.eval(MARK_QUEUED, 1, key, `${jobId}@`);
  }

  /** Give the period back, if this job still holds it. */
  async release(key: string, jobId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, key, `${jobId}@`);
  }
}
