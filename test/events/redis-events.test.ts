import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import type { IngestResult } from '../../src/events/ingest';
import { subscribeRedisEvents, type EventSubscription } from '../../src/events/redis-events';
import { pollUntil } from '../helpers/wait-until';

let redis: Redis;
let prefix: string;
let listKey: string;
const subs: EventSubscription[] = [];

const paid = (id: string, orderId: string) => ({ id, type: 'order_paid', userId: 'u-shopper', payload: { orderId } });

/** A handler that records what it handled and fails while `failures` lasts (the shop's database is down, …). */
function shopHandler(failures = 0) {
  const handled: string[] = [];
  let left = failures;
  return {
    handled,
    handleEvent: async (event: KefuEvent) => {
      if (left > 0) {
        left -= 1;
        throw new Error('database unavailable');
      }
      handled.push(event.id);
    },
  };
}

function subscribe(handler: ReturnType<typeof shopHandler>, results: IngestResult[] = [], consumer?: string): EventSubscription {
  const sub = subscribeRedisEvents(redis, listKey, { redis, prefix, handler }, (r) => results.push(r), {
    retryDelayMs: 20,
    heartbeatMs: 200,
    ...(consumer ? { consumer } : {}),
  });
  subs.push(sub);
  return sub;
}

const leftovers = async (): Promise<number> => (await redis.llen(listKey)) + (await redis.keys(`${listKey}:processing:*`)).length;

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  listKey = `${prefix}:events:in`;
});
afterEach(async () => {
  await Promise.all(subs.splice(0).map((s) => s.stop()));
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('events pushed to a Redis list are handled at least once, never twice', () => {
  it('retries events the shop could not handle yet, and handles each exactly once', async () => {
    const shop = shopHandler(2); // the first two attempts fail
    const results: IngestResult[] = [];
    subscribe(shop, results);
    await redis.rpush(listKey, JSON.stringify([paid('e-1', 'o-1'), paid('e-2', 'o-2')]));
    await pollUntil(
      async () => shop.handled.length,
      (n) => n === 2,
      5000,
      'both events to be handled',
    );
    expect(shop.handled.sort()).toEqual(['e-1', 'e-2']);
    expect(results.some((r) => r.rejected.some((x) => x.retryable))).toBe(true); // it did fail first
    await pollUntil(leftovers, (n) => n === 0, 2000, 'the list and the in-flight list to empty');
  });

  it('reports invalid items once and drops them (retrying cannot fix them)', async () => {
    const shop = shopHandler();
    const results: IngestResult[] = [];
    subscribe(shop, results);
    await redis.rpush(listKey, '{not json', JSON.stringify({ id: 'e-3', type: 'order_paid' }), JSON.stringify(paid('e-4', 'o-4')));
    await pollUntil(
      async () => shop.handled,
      (h) => h.includes('e-4'),
      5000,
      'the valid event',
    );
    expect(results.flatMap((r) => r.rejected.map((x) => x.reason))).toEqual(['not JSON', expect.stringContaining('userId')]);
    await pollUntil(leftovers, (n) => n === 0, 2000, 'nothing left behind');
  });

  it('hands back what a dead consumer had in flight, and what a stopping one could not finish', async () => {
    // a consumer that died mid-item: its in-flight list holds the item and its heartbeat is gone
    await redis.sadd(`${listKey}:consumers`, 'worker-that-died');
    await redis.rpush(`${listKey}:processing:worker-that-died`, JSON.stringify(paid('e-5', 'o-5')));
    const failing = shopHandler(1_000);
    const stopping = subscribe(failing, [], 'worker-stopping');
    await pollUntil(
      async () => redis.llen(`${listKey}:processing:worker-stopping`),
      (n) => n === 1,
      5000,
      'the orphan to be taken over',
    );
    await stopping.stop(); // it could not handle it: the item goes back to the list, not lost

    expect(await redis.lrange(listKey, 0, -1)).toEqual([JSON.stringify(paid('e-5', 'o-5'))]);
    const shop = shopHandler();
    subscribe(shop);
    await pollUntil(
      async () => shop.handled,
      (h) => h.length === 1,
      5000,
      'the next consumer to handle it',
    );
    expect(shop.handled).toEqual(['e-5']);
    expect(await redis.smembers(`${listKey}:consumers`)).not.toContain('worker-that-died');
  });
});
