import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KefuError } from '../core/errors';

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Runs `fn` while holding a lock in Redis (SET NX with an expiry, released only by its holder), so that several kefu
 * processes import flows/ or publish one after the other.
 *
 * @example
 * await withRedisLock(redis, 'kefu:studio:lock', async () => store.publish(record));
 */
export async function withRedisLock<T>(
  redis: Redis,
  key: string,
  fn: () => Promise<T>,
  options: { ttlMs?: number; waitMs?: number } = {},
): Promise<T> {
  const token = randomUUID();
  const until = Date.now() + (options.waitMs ?? 30_000);
  while ((await redis.set(key, token, 'PX', options.ttlMs ?? 120_000, 'NX')) !== 'OK') {
    if (Date.now() > until)
      throw new KefuError(
        'CONFLICT',
        '另一位同事正在发布流程，请稍后再试。Another kefu process holds the flow publishing lock.',
        `try again in a minute; if it stays, check Redis key ${key}.`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
