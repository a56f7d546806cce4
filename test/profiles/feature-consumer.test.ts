import { Redis } from 'ioredis';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { FeatureConsumer } from '../../src/profiles/feature-consumer';
import { FeatureListeners } from '../../src/profiles/feature-listeners';
import { FeatureStore } from '../../src/profiles/feature-store';
import type { FeatureChange } from '../../src/profiles/features';
import { entryEvent } from '../../src/profiles/stream-events';
import { deletePrefix, REDIS, testPrefix, until } from '../outreach/helpers';

const logger = createLogger({ level: 'silent', name: 'test' });
let redis: Redis;
let prefix: string;
let streams: EventStreams;
let store: FeatureStore;
const consumers: FeatureConsumer[] = [];

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  streams = new EventStreams({ redis, prefix, partitions: 4 });
  store = new FeatureStore({ redis, prefix });
});
afterEach(async () => {
  for (const c of consumers.splice(0)) await c.stop();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

function consumer(options: Partial<ConstructorParameters<typeof FeatureConsumer>[0]> = {}): FeatureConsumer {
  const c = new FeatureConsumer({ streams, store, logger, blockMs: 20, ...options });
  consumers.push(c);
  return c;
}

const views = (count: number, users = 10): KefuEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `v${i}`,
    type: 'product_view',
    userId: `u${i % users}`,
    at: Date.now() - (i % 7) * 1000, // out of order within each shopper
    payload: { productId: `p${i % 3}` },
  }));

async function totalViews(users = 10): Promise<number> {
  const all = await store.featuresOf(Array.from({ length: users }, (_, i) => `u${i}`));
  return all.reduce((sum, f) => sum + (f.product_view_10m as number), 0);
}

describe('FeatureConsumer', () => {
  it('several consumers share the partitions; every event counts exactly once', async () => {
    await streams.add(views(2000).map((event) => ({ event, outreachDone: false })));
    const a = consumer({ consumer: 'a', batchSize: 100 });
    const b = consumer({ consumer: 'b', batchSize: 100 });
    await a.start();
    await b.start();
    await until(async () => (await totalViews()) === 2000);
    await a.idle();
    await b.idle();
    expect(await totalViews()).toBe(2000);
    for (const key of streams.keys()) expect((await redis.xpending(key, 'features'))[0]).toBe(0);
  });

  it('a consumer killed mid-batch (applied, never acknowledged) is claimed by another: nothing lost or double-counted', async () => {
    await streams.add(views(600).map((event) => ({ event, outreachDone: false })));
    // the dying consumer reads a batch and applies part of it, then dies before XACK
    for (const key of streams.keys()) await redis.xgroup('CREATE', key, 'features', '0', 'MKSTREAM');
    const taken = (await redis.xreadgroup(
      'GROUP',
      'features',
      'dying',
      'COUNT',
      100,
      'STREAMS',
      ...streams.keys(),
      ...streams.keys().map(() => '>'),
    )) as [string, [string, string[]][]][];
    const entries = taken.flatMap(([stream, list]) => list.map(([id, fields]) => entryEvent(stream, id, fields)));
    expect(entries.length).toBe(400);
    await store.apply(entries.slice(0, 150).map((e) => e.event!));
    expect(await totalViews()).toBe(150);
    // the survivor claims the dead consumer's pending entries once they are idle
    const survivor = consumer({ consumer: 'survivor', claimIdleMs: 200 });
    await survivor.start();
    await until(async () => (await totalViews()) === 600, 10_000);
    await new Promise((r) => setTimeout(r, 400)); // a second claim round finds nothing left
    await survivor.idle();
    expect(await totalViews()).toBe(600);
    for (const key of streams.keys()) expect((await redis.xpending(key, 'features'))[0]).toBe(0);
  });

  it('tells the listeners what changed, per shopper, oldest first', async () => {
    const changes: FeatureChange[] = [];
    const listeners = new FeatureListeners();
    listeners.add({ onFeatures: async (c) => void changes.push(...c) });
    const now = Date.now();
    await streams.add([
      { event: { id: 'x2', type: 'cart_add', userId: 'w', at: now, payload: { price: 10 } }, outreachDone: false },
      { event: { id: 'x1', type: 'product_view', userId: 'w', at: now - 5, payload: { productId: 'p' } }, outreachDone: false },
    ]);
    await consumer({ listener: listeners }).start();
    await until(async () => changes.length > 0);
    expect(changes[0]!.userId).toBe('w');
    expect(changes[0]!.events.map((e) => e.id)).toEqual(['x1', 'x2']);
    expect(changes[0]!.features).toMatchObject({ product_view_10m: 1, cart_add_10m: 1, cart_value: 10 });
  });

  it('entries of direct producers reach outreach (not those POST /events handed over); bad entries are dropped', async () => {
    const handled: string[] = [];
    const handler = { handleEvent: async (e: KefuEvent) => void handled.push(e.id), wants: (type: string) => type === 'order_paid' };
    const key = streams.keyOf({ userId: 'd1' });
    await redis.xadd(
      key,
      '*',
      'e',
      JSON.stringify({ id: 'd-1', type: 'order_paid', userId: 'd1', payload: { orderId: 'o1', amount: 12 } }),
    );
    await redis.xadd(key, '*', 'e', JSON.stringify({ id: 'd-2', type: 'order_paid', userId: 'd1', payload: { orderId: 'o2' } }), 'o', '1');
    await redis.xadd(key, '*', 'e', JSON.stringify({ id: 'd-3', type: 'product_view', userId: 'd1', payload: { productId: 'p' } }));
    await redis.xadd(key, '*', 'e', JSON.stringify({ id: 'd-4', type: 'product_view', userId: 'd1', payload: { price: 'cheap' } }));
    await redis.xadd(key, '*', 'e', '{not json');
    await consumer({ outreach: { redis, prefix, handler } }).start();
    await until(async () => (await store.features('d1')).orders_365d === 2);
    expect(handled).toEqual(['d-1']);
    expect((await store.features('d1')).product_view_10m).toBe(1);
    expect((await redis.xpending(key, 'features'))[0]).toBe(0);
  });
});
