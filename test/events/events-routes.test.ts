import Fastify from 'fastify';
import { eventsRoutes } from '../../src/events/events-routes';
import { subscribeRedisEvents } from '../../src/events/redis-events';
import type { TriggerSpec } from '../../src/outreach/trigger-schema';
import { loadShippedTriggers } from '../helpers/shipped-triggers';
import { harness, until, type Harness } from '../outreach/helpers';

let triggers: TriggerSpec[] = [];
beforeAll(async () => {
  triggers = await loadShippedTriggers();
});
const TOKEN = 'a-very-long-admin-token-123';
let h: Harness;
let app: ReturnType<typeof Fastify>;
let base = '';

beforeEach(async () => {
  h = harness(triggers);
  app = Fastify();
  await app.register(eventsRoutes({ redis: h.redis, prefix: h.prefix, handler: h.outreach.scheduler, token: TOKEN }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await h.cleanup();
});

// a real HTTP request (fastify.inject needs an ESM-only dependency jest cannot load here)
async function post(payload: unknown, token = TOKEN) {
  const res = await fetch(`${base}/events`, {
    method: 'POST',
    body: JSON.stringify(payload),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  return { statusCode: res.status, json: () => JSON.parse(text) };
}

describe('POST /events', () => {
  it('accepts valid events, rejects bad ones per item (207) and schedules the jobs', async () => {
    const res = await post([
      { id: 'e1', type: 'cart_add', userId: 'u1', at: new Date().toISOString(), payload: { cartId: 'c1', title: '围巾' } },
      { id: 'e2', type: 'Cart Add', userId: 'u1' },
      { type: 'order_paid', userId: 'u1' },
      { id: 'e3', type: 'order_created', userId: 'u2', orderId: 'o1', autoCloseAt: new Date(Date.now() + 3_600_000).toISOString() },
    ]);
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body.accepted).toEqual([
      { index: 0, id: 'e1', duplicate: false },
      { index: 3, id: 'e3', duplicate: false },
    ]);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2]);
    expect(body.rejected[0].reason).toMatch(/type: must be snake_case/);
    expect(body.rejected[1].reason).toMatch(/id/);
    expect(await h.outreach.queues.due.getJob('cart_abandoned.c1')).toBeDefined();
    expect(await h.outreach.queues.due.getJob('unpaid_order.o1')).toBeDefined();
  });

  it('a duplicate event id is acknowledged but not processed again', async () => {
    const e = { id: 'dup-1', type: 'cart_add', userId: 'u1', payload: { cartId: 'c7' } };
    expect((await post([e])).statusCode).toBe(202);
    await h.outreach.scheduler.cancel('cart_abandoned.c7', 0); // remove the job but not the event mark
    const again = await post([e]);
    expect(again.statusCode).toBe(202);
    expect(again.json().accepted).toEqual([{ index: 0, id: 'dup-1', duplicate: true }]);
    expect(await h.outreach.queues.due.getJob('cart_abandoned.c7')).toBeUndefined();
  });

  it('400 for a body that is not an array of events, 401 without the token', async () => {
    expect((await post('hello')).statusCode).toBe(400);
    expect((await post([], 'wrong-token-wrong-token-xx')).statusCode).toBe(401);
  });

  it('is disabled (404, nothing scheduled) when no admin token is configured: nobody can make up orders for shoppers', async () => {
    const open = Fastify();
    await open.register(eventsRoutes({ redis: h.redis, prefix: h.prefix, handler: h.outreach.scheduler }));
    const url = await open.listen({ port: 0, host: '127.0.0.1' });
    try {
      const forged = [{ id: 'forged-1', type: 'cart_add', userId: 'u1', payload: { cartId: 'c9', title: '围巾' } }];
      const res = await fetch(`${url}/events`, {
        method: 'POST',
        body: JSON.stringify(forged),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'ADMIN_DISABLED', message: expect.stringContaining('Fix: set KEFU_ADMIN_TOKEN') });
      expect(await h.outreach.queues.due.getJob('cart_abandoned.c9')).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe('events from a Redis list', () => {
  it('ingests JSON events pushed to the list', async () => {
    const listKey = `${h.prefix}:events:in`;
    const sub = subscribeRedisEvents(h.redis, listKey, { redis: h.redis, prefix: h.prefix, handler: h.outreach.scheduler });
    await h.redis.rpush(
      listKey,
      JSON.stringify([
        {
          id: 'r1',
          type: 'coupon_issued',
          userId: 'u1',
          payload: { couponCode: 'K9', title: '券', expiresAt: new Date(Date.now() + 5 * 86_400_000).toISOString() },
        },
      ]),
    );
    await until(async () => (await h.outreach.queues.due.getJob('coupon_expiring.K9')) !== undefined);
    await sub.stop();
  });
});
