import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { OutreachQueues } from '../../src/outreach/queues';
import { deletePrefix, REDIS, testPrefix } from '../outreach/helpers';
import { ADMIN_TOKEN, startSurfaces, type Surfaces } from './surfaces';

// Timing itself is not measured: a timing test would be flaky on a shared machine. These tests check behaviour
// (right token in, wrong tokens of the same and of another length out) and that every surface compares through
// SHA-256 digests, which is what makes the time independent of the presented token's content and length.

const sameLength = ADMIN_TOKEN.slice(0, -1) + (ADMIN_TOKEN.endsWith('x') ? 'y' : 'x');
const otherLength = `${ADMIN_TOKEN}-and-more`;
const basic = (password: string, user = 'ops') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

let prefix: string;
let redis: Redis;
let queues: OutreachQueues;
let s: Surfaces;

beforeEach(async () => {
  prefix = testPrefix();
  redis = new Redis(REDIS);
  queues = new OutreachQueues({ connection: REDIS, prefix: `${prefix}:bull` });
  s = await startSurfaces({ redis, prefix, queues: queues.all() });
});
afterEach(async () => {
  await s.close();
  await queues.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const status = async (path: string, authorization?: string, init: RequestInit = {}) =>
  (await fetch(`${s.base}${path}`, { ...init, headers: { ...(authorization ? { authorization } : {}), ...(init.headers ?? {}) } })).status;
const postEvents = (authorization?: string) =>
  status('/events', authorization, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ id: `e-${Math.random()}`, type: 'visit', userId: 'u1', at: Date.now(), payload: {} }]),
  });

/** Digest sizes of every timingSafeEqual call made while `run` runs. */
async function compares(run: () => Promise<unknown>): Promise<number[][]> {
  const spy = jest.spyOn(crypto, 'timingSafeEqual');
  try {
    await run();
    return spy.mock.calls.map(([a, b]) => [(a as Buffer).length, (b as Buffer).length]);
  } finally {
    spy.mockRestore();
  }
}

describe('admin token on every surface', () => {
  it('admin API: the Bearer token is accepted; wrong tokens of the same or another length, and Basic, are refused', async () => {
    expect(await status('/admin/api/channels', `Bearer ${ADMIN_TOKEN}`)).toBe(200);
    expect(await status('/admin/api/channels', `Bearer ${sameLength}`)).toBe(401);
    expect(await status('/admin/api/channels', `Bearer ${otherLength}`)).toBe(401);
    expect(await status('/admin/api/channels', basic(ADMIN_TOKEN))).toBe(401);
    expect(await status('/admin/api/channels')).toBe(401);
  });

  it('Bull Board: Bearer and Basic (any user name) are accepted; wrong tokens of either length are refused', async () => {
    expect(await status('/admin/queues/api/queues', `Bearer ${ADMIN_TOKEN}`)).toBe(200);
    expect(await status('/admin/queues/api/queues', basic(ADMIN_TOKEN))).toBe(200);
    expect(await status('/admin/queues/api/queues', basic(ADMIN_TOKEN, ''))).toBe(200);
    for (const wrong of [sameLength, otherLength, '']) {
      expect(await status('/admin/queues/api/queues', `Bearer ${wrong}`)).toBe(401);
      expect(await status('/admin/queues/api/queues', basic(wrong))).toBe(401);
    }
    // base64 of the token alone (no "user:") is not Basic credentials
    expect(await status('/admin/queues/api/queues', `Basic ${Buffer.from(ADMIN_TOKEN).toString('base64')}`)).toBe(401);
  });

  it('POST /events: the Bearer token is accepted; wrong tokens of either length and a bare token are refused', async () => {
    expect(await postEvents(`Bearer ${ADMIN_TOKEN}`)).toBe(202);
    expect(await postEvents(`Bearer ${sameLength}`)).toBe(401);
    expect(await postEvents(`Bearer ${otherLength}`)).toBe(401);
    expect(await postEvents(ADMIN_TOKEN)).toBe(401);
    expect(s.events).toHaveLength(1);
  });

  it('every surface compares SHA-256 digests, also for a token of another length (no length shortcut)', async () => {
    const surfaces: Record<string, () => Promise<unknown>> = {
      'admin API': () => status('/admin/api/channels', `Bearer ${otherLength}`),
      'Bull Board (Bearer)': () => status('/admin/queues/api/queues', `Bearer ${otherLength}`),
      'Bull Board (Basic)': () => status('/admin/queues/api/queues', basic(otherLength)),
      'POST /events': () => postEvents(`Bearer ${otherLength}`),
      'unsubscribe link': () => status(`/unsubscribe?u=u1&t=short`),
      'GET /metrics': () => status('/metrics', `Bearer ${otherLength}`),
      'GET /readyz (details)': () => status('/readyz', `Bearer ${otherLength}`),
    };
    for (const [name, run] of Object.entries(surfaces)) {
      expect({ name, compares: await compares(run) }).toEqual({ name, compares: [[32, 32]] });
    }
  });

  it('the unsubscribe link: its signature is accepted, a tampered one of the same or another length is refused', async () => {
    const user = await s.users.resolve('web', 'shopper-1');
    const t = new URL(s.links.url(user.id)).searchParams.get('t')!;
    const flip = t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A');
    const confirm = (token: string) =>
      status('/unsubscribe', undefined, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ u: user.id, t: token }).toString(),
      });
    for (const wrong of [flip, `${t}x`]) {
      expect(await status(`/unsubscribe?u=${user.id}&t=${wrong}`)).toBe(403);
      expect(await confirm(wrong)).toBe(403);
    }
    expect(await status(`/unsubscribe?u=${user.id}&t=${t}`)).toBe(200); // the confirm page: nothing changes yet
    expect((await s.users.get(user.id))!.optedOut).toBe(false);
    expect(await confirm(t)).toBe(200);
    expect((await s.users.get(user.id))!.optedOut).toBe(true);
  });
});
