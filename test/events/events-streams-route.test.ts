import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import type { KefuEvent } from '../../src/events/event';
import { eventsRoutes } from '../../src/events/events-routes';
import { EventStreams } from '../../src/events/event-streams';
import { FeatureStore } from '../../src/profiles/feature-store';
import { entryEvents } from '../../src/profiles/stream-events';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';

const TOKEN = 'a-very-long-admin-token-123';
let redis: Redis;
let prefix: string;
let streams: EventStreams;
let app: ReturnType<typeof Fastify>;
let base = '';
let handled: KefuEvent[];

beforeEach(async () => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  streams = new EventStreams({ redis, prefix, partitions: 4 });
  handled = [];
  const handler = { handleEvent: async (e: KefuEvent) => void handled.push(e), wants: (type: string) => type.startsWith('order_') };
  app = Fastify();
  await app.register(eventsRoutes({ redis, prefix, handler, streams, token: TOKEN }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/events`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function streamed(): Promise<{ event: KefuEvent; outreachDone: boolean }[]> {
  const all = [];
  for (const key of streams.keys())
    for (const [id, fields] of (await redis.xrange(key, '-', '+')) as [string, string[]][])
      for (const e of entryEvents(key, id, fields)) all.push({ event: e.event!, outreachDone: e.outreachDone });
  return all.sort((a, b) => a.event.id.localeCompare(b.event.id));
}

describe('POST /events into the behaviour streams', () => {
  it('NDJSON with gzip: valid events go to their shopper partition, order events to outreach first, bad lines rejected one by one', async () => {
    const lines = [
      JSON.stringify({ id: 'a1', type: 'product_view', userId: 'u1', payload: { productId: 'p1', price: '199.00', category: '服饰' } }),
      '{broken',
      JSON.stringify({ id: 'a2', type: 'order_paid', userId: 'u1', payload: { orderId: 'o1', amount: 199 } }),
      JSON.stringify({ id: 'a3', type: 'cart_add', userId: 'u2', payload: { cartId: 'c', price: { yuan: 1 }, quantity: 1.5 } }),
      JSON.stringify({ id: 'a4', type: 'custom_thing', userId: 'u2', payload: { anything: true } }),
      JSON.stringify({ id: 'a5', type: 'live_join', userId: 'u2' }),
    ].join('\n');
    const res = await post(gzipSync(Buffer.from(lines)), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
    expect(res).toMatchObject({ status: 207 });
    expect(res.body.accepted.map((a: { id: string }) => a.id)).toEqual(['a1', 'a2', 'a4']);
    expect(res.body.rejected).toEqual([
      { index: 1, reason: '(event): this line is not JSON' },
      { index: 3, id: 'a3', reason: expect.stringMatching(/payload\.price: must be an amount.*payload\.quantity: must be a whole number/) },
      { index: 5, id: 'a5', reason: 'payload.roomId: required for live_join' },
    ]);
    expect(handled.map((e) => e.id)).toEqual(['a2']);
    const kept = await streamed();
    expect(kept.map((k) => [k.event.id, k.outreachDone])).toEqual([
      ['a1', false],
      ['a2', true],
      ['a4', false],
    ]);
    expect(kept[0]!.event.payload['price']).toBe(199); // "199.00" normalised
    // one entry per partition and request: u1's two events packed in order, the second one handed to outreach
    const key = streams.keyOf({ userId: 'u1' });
    const u1Entries = (await redis.xrange(key, '-', '+')) as [string, string[]][];
    expect(u1Entries).toHaveLength(1);
    const fields = u1Entries[0]![1];
    expect(fields[0]).toBe('b');
    expect((JSON.parse(fields[1]!) as KefuEvent[]).map((e) => e.id)).toEqual(['a1', 'a2']);
    expect(fields.slice(2)).toEqual(['o', '01']);
  });

  it('duplicate is true only for a repeated id outreach handles; other repeats are false and the features count them once', async () => {
    const batch = JSON.stringify([
      { id: 'd1', type: 'product_view', userId: 'u1', payload: { productId: 'p1' } },
      { id: 'd2', type: 'order_paid', userId: 'u1', payload: { orderId: 'o1', amount: 10 } },
    ]);
    const first = await post(batch);
    expect(first).toMatchObject({ status: 202, body: { accepted: [{ duplicate: false }, { duplicate: false }] } });
    const again = await post(batch); // a producer's retry of the whole batch
    expect(again.status).toBe(202);
    expect(again.body.accepted).toEqual([
      { index: 0, id: 'd1', duplicate: false }, // not looked up: the feature consumer dedupes it
      { index: 1, id: 'd2', duplicate: true }, // outreach handled it the first time
    ]);
    expect(handled.map((e) => e.id)).toEqual(['d2']);
    const views = (await streamed()).filter((k) => k.event.id === 'd1');
    expect(views).toHaveLength(2); // written again
    const store = new FeatureStore({ redis, prefix });
    expect(await store.apply(views.map((k) => k.event))).toEqual([true, false]);
    expect((await store.features('u1')).product_view_10m).toBe(1);
  });

  it('a 10 MB body is refused with 413 and the limits; so is a gzip bomb and a batch of more than 10,000 events', async () => {
    const big = JSON.stringify([{ id: 'x', type: 'search', userId: 'u', payload: { query: 'a'.repeat(10 * 1024 * 1024) } }]);
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/at most 10,000 events and 8 MiB per request.*Fix: split the batch/);
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    expect((await post(bomb, { 'content-encoding': 'gzip' })).status).toBe(413);
    const many = JSON.stringify(Array.from({ length: 10_001 }, (_, i) => ({ id: `m${i}`, type: 'page_view', userId: 'u' })));
    const tooMany = await post(many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toBe('TOO_MANY_EVENTS');
    expect(await streamed()).toEqual([]);
  });

  it('deep JSON and wrong types are per-item errors; the rest is kept', async () => {
    const deep = `${'{"d":'.repeat(5000)}1${'}'.repeat(5000)}`; // too deep for JSON.stringify here, fine for the parser
    const body = `[${JSON.stringify({ id: 'ok', type: 'page_view', userId: 'u' })},{"id":"deep","type":"page_view","userId":"u","payload":${deep}},${JSON.stringify(
      { id: 5, type: 'page_view', userId: 'u' },
    )},${JSON.stringify({ id: 'num', type: 'product_view', userId: 'u', payload: { productId: 'p', price: -3 } })},"text"]`;
    const res = await post(body);
    expect(res.status).toBe(207);
    expect(res.body.accepted.map((a: { id: string }) => a.id)).toEqual(['ok']);
    expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason.slice(0, 40)])).toEqual([
      [1, '(event): nested deeper than 8 levels; fl'],
      [2, expect.stringMatching(/^id: /)],
      [3, expect.stringMatching(/^payload\.price: must be an amount/)],
      [4, expect.stringMatching(/^\(event\)|expected object/)],
    ]);
    expect((await streamed()).map((k) => k.event.id)).toEqual(['ok']);
  });
});
