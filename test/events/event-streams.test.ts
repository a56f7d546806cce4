import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import { EventStreams } from '../../src/events/event-streams';
import { entryEvents } from '../../src/profiles/stream-events';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

let redis: Redis;
let prefix: string;

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const event = (i: number, userId = `u${i % 40}`): KefuEvent => ({
  id: `e${i}`,
  type: 'page_view',
  userId,
  at: 1_764_000_000_000 + i,
  payload: { url: `/item/${i}`.padEnd(60, 'x') },
});

/** Every partition's events, read back as consumers read them. */
async function eventsIn(key: string): Promise<{ entries: number; events: KefuEvent[] }> {
  const entries = (await redis.xrange(key, '-', '+')) as [string, string[]][];
  return { entries: entries.length, events: entries.flatMap(([id, fields]) => entryEvents(key, id, fields).map((e) => e.event!)) };
}

describe('EventStreams', () => {
  it('writes one entry per call and partition, events in order; a lone event keeps the single-event form', async () => {
    const streams = new EventStreams({ redis, prefix, partitions: 4 });
    await streams.add(Array.from({ length: 200 }, (_, i) => ({ event: event(i), outreachDone: i % 7 === 0 })));
    await streams.add([{ event: event(999, 'solo'), outreachDone: true }]);
    let total = 0;
    for (const key of streams.keys()) {
      const { entries, events } = await eventsIn(key);
      const solo = key === streams.keyOf({ userId: 'solo' }) ? 1 : 0;
      expect(entries).toBe(1 + solo);
      const ids = events.filter((e) => e.userId !== 'solo').map((e) => Number(e.id.slice(1)));
      expect(ids).toEqual([...ids].sort((a, b) => a - b)); // the call's order within the partition
      total += events.length;
    }
    expect(total).toBe(201);
    const soloEntry = ((await redis.xrange(streams.keyOf({ userId: 'solo' }), '-', '+')) as [string, string[]][]).at(-1)!;
    expect(soloEntry[1]).toEqual(['e', JSON.stringify(event(999, 'solo')), 'o', '1']);
    const packed = ((await redis.xrange(streams.keyOf({ userId: 'u0' }), '-', '+')) as [string, string[]][])[0]!;
    const flags = packed[1][3]!;
    const order = (JSON.parse(packed[1][1]!) as KefuEvent[]).map((e) => Number(e.id.slice(1)));
    expect(flags).toBe(order.map((i) => (i % 7 === 0 ? '1' : '0')).join(''));
  });

  it('MAXLEN counts events, not entries: a partition keeps about maxLength events when entries pack many', async () => {
    const streams = new EventStreams({ redis, prefix, partitions: 2, maxLength: 2000 });
    // 60 requests of 200 events over 2 partitions: about 100 events per entry, 6,000 events per partition
    for (let r = 0; r < 60; r += 1)
      await streams.add(Array.from({ length: 200 }, (_, i) => ({ event: event(r * 200 + i), outreachDone: false })));
    for (const key of streams.keys()) {
      const { entries, events } = await eventsIn(key);
      expect(events.length).toBeGreaterThanOrEqual(2000);
      expect(events.length).toBeLessThan(3000); // MAXLEN ~ trims whole stream nodes: a little more is kept
      expect(entries).toBeLessThan(60);
    }
  });
});
