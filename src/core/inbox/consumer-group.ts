import type { Redis } from 'ioredis';

/**
 * Create the consumer group of an inbox stream (and the stream, if missing) at id 0, so entries already in the
 * stream are read too: after Redis lost the group, messages added meanwhile (XADD recreates the stream) are not
 * skipped. A group that exists already is left as it is.
 *
 * @example
 * await createConsumerGroup(redis, 'kefu:inbox:wecom-kf', 'kefu');
 */
export async function createConsumerGroup(redis: Redis, key: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', key, group, '0', 'MKSTREAM');
  } catch (err) {
    if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
  }
}

/**
 * Whether a stream command failed because the stream or its consumer group is gone (restart without data, FLUSHALL,
 * eviction): `NOGROUP`, or a blocked XREADGROUP that Redis 7 ends with `UNBLOCKED … no longer exists`.
 */
export function isMissingGroup(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.message.includes('NOGROUP') || (err.message.startsWith('UNBLOCKED') && err.message.includes('no longer exists'));
}
