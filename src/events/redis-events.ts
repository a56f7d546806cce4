import type { Redis } from 'ioredis';
import { ingestEvents, type IngestDeps, type IngestResult } from './ingest';

/** A running subscription; `stop()` ends the loop and closes its connection. */
export interface EventSubscription {
  stop(): Promise<void>;
}

/**
 * Consume events pushed (RPUSH/LPUSH… as JSON, one event or an array per item) to the Redis list `listKey`.
 * Uses a dedicated blocking connection (`redis.duplicate()`); items that are not JSON are reported to `onResult` as rejected.
 *
 * @example
 * const sub = subscribeRedisEvents(redis, 'kefu:events:in', { redis, prefix: 'kefu', handler: scheduler });
 * // producer: LPUSH kefu:events:in '{"id":"e1","type":"order_paid","userId":"u1","payload":{"orderId":"o1"}}'
 */
export function subscribeRedisEvents(
  redis: Redis,
  listKey: string,
  deps: IngestDeps,
  onResult?: (r: IngestResult) => void,
): EventSubscription {
  const blocking = redis.duplicate();
  let running = true;
  const loop = (async () => {
    while (running) {
      const item = await blocking.blpop(listKey, 1).catch(() => null);
      if (!item) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(item[1]);
      } catch {
        onResult?.({ accepted: [], rejected: [{ index: 0, reason: 'not JSON' }] });
        continue;
      }
      const result = await ingestEvents(deps, Array.isArray(parsed) ? parsed : [parsed]);
      onResult?.(result);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      blocking.disconnect();
    },
  };
}
