import { Redis } from 'ioredis';
import { createLogger } from '../../src/core/log';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams, MAX_EVENTS_PER_ENTRY, partitionOf } from '../../src/events/event-streams';
import { FeatureConsumer, type BatchReport } from '../../src/profiles/feature-consumer';
import { FeatureListeners } from '../../src/profiles/feature-listeners';
import { FeatureStore } from '../../src/profiles/feature-store';
import type { FeatureChange } from '../../src/profiles/features';
import { entryEvents } from '../../src/profiles/stream-events';
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

/** XADD each event as its own entry (field `e`), as direct producers do. */
async function addSingly(events: readonly KefuEvent[]): Promise<void> {
  const pipeline = redis.pipeline();
  for (const event of events) pipeline.xadd(streams.keyOf(event), '*', 'e', JSON.stringify(event));
  await pipeline.exec();
}

/** The dying consumer of the kill tests: reads `count` entries per partition, never acknowledges them. */
async function readAsDying(count: number) {
  for (const key of streams.keys()) await redis.xgroup('CREATE', key, 'features', '0', 'MKSTREAM');
  const taken = (await redis.xreadgroup(
    'GROUP',
    'features',
    'dying',
    'COUNT',
    count,
    'STREAMS',
    ...streams.keys(),
    ...streams.keys().map(() => '>'),
  )) as [string, [string, string[]][]][];
  return taken.flatMap(([stream, list]) => list.flatMap(([id, fields]) => entryEvents(stream, id, fields)));
}

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
    await addSingly(views(600));
    // the dying consumer reads a batch and applies part of it, then dies before XACK
    const entries = await readAsDying(100);
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

  it('packed entries: a consumer killed part-way through one is claimed by another, nothing lost or double-counted', async () => {
    // three "requests" of 1,500 events: per request and partition about 375 events, packed MAX_EVENTS_PER_ENTRY a entry
    const all = views(4500);
    let expectedEntries = 0;
    for (let r = 0; r < 3; r += 1) {
      const request = all.slice(r * 1500, r * 1500 + 1500);
      const perPartition = new Map<number, number>();
      for (const e of request) perPartition.set(partitionOf(e.userId, 4), (perPartition.get(partitionOf(e.userId, 4)) ?? 0) + 1);
      for (const n of perPartition.values()) expectedEntries += Math.ceil(n / MAX_EVENTS_PER_ENTRY);
      await streams.add(request.map((event) => ({ event, outreachDone: false })));
    }
    const entryCount = (await Promise.all(streams.keys().map((k) => redis.xlen(k)))).reduce((a, b) => a + b, 0);
    expect(entryCount).toBe(expectedEntries);
    expect(entryCount).toBeGreaterThan(12); // no entry holds more than MAX_EVENTS_PER_ENTRY
    const entries = await readAsDying(1); // the first entry of each partition: 4 × 100 events
    expect(new Set(entries.map((e) => `${e.stream} ${e.id}`)).size).toBe(4);
    expect(entries.length).toBe(4 * MAX_EVENTS_PER_ENTRY);
    await store.apply(entries.slice(0, 300).map((e) => e.event!)); // applied part of the entries' events, then died
    expect(await totalViews()).toBe(300);
    const reports: BatchReport[] = [];
    const survivor = consumer({ consumer: 'survivor', claimIdleMs: 200, batchSize: 300, onBatch: (r) => void reports.push(r) });
    await survivor.start();
    await until(async () => (await totalViews()) === 4500, 10_000);
    await new Promise((r) => setTimeout(r, 400)); // a second claim round finds nothing left
    await survivor.idle();
    expect(await totalViews()).toBe(4500);
    for (const key of streams.keys()) expect((await redis.xpending(key, 'features'))[0]).toBe(0);
    // the report counts events: the 300 applied before the crash come back as duplicates
    const sum = (k: 'entries' | 'events' | 'applied' | 'duplicates') => reports.reduce((a, r) => a + r[k], 0);
    expect([sum('entries'), sum('events'), sum('applied'), sum('duplicates')]).toEqual([expectedEntries, 4500, 4200, 300]);
    expect(reports.every((r) => r.lagsMs.length === r.applied)).toBe(true);
    // a read takes about batchSize events per partition, whatever the entries pack: one entry each here
    expect(Math.max(...reports.map((r) => r.events))).toBeLessThanOrEqual(1500);
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
