import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { IngestResult } from './ingest';
import { ingestItems } from './ingest-items';
import type { StreamIngestDeps } from './stream-ingest';

/** A running subscription; `stop()` ends the loop and closes its connection. */
export interface EventSubscription {
  stop(): Promise<void>;
}

/** Options of {@link subscribeRedisEvents}. */
export interface RedisEventsOptions {
  /** This consumer's name (its in-flight list is `<listKey>:processing:<consumer>`). @defaultValue `<host>-<pid>-<random>` */
  consumer?: string;
  /** How often this consumer says it is alive; it counts as dead after 3 × this. @defaultValue 5_000 */
  heartbeatMs?: number;
  /** First wait before an item whose events could not be handled is tried again; doubles up to 30 s. @defaultValue 1_000 */
  retryDelayMs?: number;
  /** Errors that did not lose anything (the item stays in flight and is retried), e.g. Redis or the database down. */
  onError?: (err: unknown) => void;
}

/**
 * Consume events pushed (RPUSH/LPUSH… as JSON, one event or an array per item) to the Redis list `listKey`,
 * at least once: an item moves atomically (BLMOVE) to this consumer's in-flight list and leaves it only after
 * every valid event in it was handled (invalid ones are reported to `onResult`, never retried); with `deps.streams`
 * the events also go to the behaviour streams, as from `POST /events` (ingestItems). Events that
 * could not be handled now (the handler threw, Redis failed) are retried with backoff; event ids are deduped,
 * so a retry never handles an event twice. Items a dead consumer (no heartbeat for 3 × `heartbeatMs`) left in
 * flight go back to the list for the others. Uses a dedicated blocking connection (`redis.duplicate()`).
 *
 * @example
 * const sub = subscribeRedisEvents(redis, 'kefu:events:in', { redis, prefix: 'kefu', handler: scheduler });
 * // producer: RPUSH kefu:events:in '{"id":"e1","type":"order_paid","userId":"u1","payload":{"orderId":"o1"}}'
 */
export function subscribeRedisEvents(
  redis: Redis,
  listKey: string,
  deps: StreamIngestDeps,
  onResult?: (r: IngestResult) => void,
  options: RedisEventsOptions = {},
): EventSubscription {
  const consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const heartbeatMs = options.heartbeatMs ?? 5_000;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const consumers = `${listKey}:consumers`;
  const processing = (name: string): string => `${listKey}:processing:${name}`;
  const alive = (name: string): string => `${listKey}:alive:${name}`;
  const blocking = redis.duplicate();
  let running = true;
  let wake: (() => void) | undefined;
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const beat = async (): Promise<void> => {
    await redis
      .multi()
      .sadd(consumers, consumer)
      .set(alive(consumer), '1', 'PX', heartbeatMs * 3)
      .exec();
  };

  /** A consumer's in-flight items go back to the head of the list (they were taken from there), oldest first. */
  const handBack = async (name: string): Promise<void> => {
    while ((await redis.lmove(processing(name), listKey, 'RIGHT', 'LEFT')) !== null);
  };

  /** Items dead consumers left in flight go back to the list for the others. */
  const recover = async (): Promise<void> => {
    for (const name of await redis.smembers(consumers)) {
      if (name === consumer || (await redis.exists(alive(name)))) continue;
      await handBack(name);
      await redis.srem(consumers, name);
    }
  };

  /** Handle one item until nothing in it is left to retry (or we are stopping: it then stays in flight). */
  const handle = async (item: string): Promise<boolean> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(item);
    } catch {
      onResult?.({ accepted: [], rejected: [{ index: 0, reason: 'not JSON' }] });
      return true;
    }
    const events = Array.isArray(parsed) ? parsed : [parsed];
    for (let delay = retryDelayMs; running; delay = Math.min(30_000, delay * 2)) {
      try {
        const result = await ingestItems(deps, events); // already handled ids come back as duplicates
        onResult?.(result);
        if (!result.rejected.some((r) => r.retryable)) return true;
      } catch (err) {
        options.onError?.(err);
      }
      await pause(delay);
    }
    return false;
  };

  const loop = (async () => {
    let lastBeat = 0;
    while (running) {
      try {
        if (Date.now() - lastBeat >= heartbeatMs) {
          await beat();
          await recover();
          lastBeat = Date.now();
        }
        const item = await blocking.blmove(listKey, processing(consumer), 'LEFT', 'RIGHT', Math.max(0.1, Math.min(1, heartbeatMs / 2000)));
        if (item === null) continue;
        if (await handle(item)) await redis.lrem(processing(consumer), 1, item);
      } catch (err) {
        if (!running) break;
        options.onError?.(err);
        await pause(retryDelayMs);
      }
    }
  })();

  return {
    async stop() {
      running = false;
      wake?.();
      await loop;
      blocking.disconnect();
      // a clean stop hands what is still in flight back to the list and leaves the consumer set
      try {
        await handBack(consumer);
        await redis.multi().srem(consumers, consumer).del(alive(consumer)).exec();
      } catch {
        // Redis is gone: the items stay in flight and another consumer recovers them once our heartbeat expires
      }
    },
  };
}
