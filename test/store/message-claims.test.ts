import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryMessageClaims, type MessageClaims } from '../../src/core/message-claims';
import { MemoryStateStore } from '../../src/core/state-store';
import { RedisStateStore } from '../../src/store/redis-state-store';

// One suite for both implementations: the Redis one (two processes = two connections) and the in-memory one.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
let redisA: Redis;
let redisB: Redis;

beforeAll(() => {
  redisA = new Redis('redis://127.0.0.1:6379');
  redisB = new Redis('redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redisA.keys(`${prefix}:*`);
  if (keys.length) await redisA.del(...keys);
  redisA.disconnect();
  redisB.disconnect();
});

const implementations: [string, () => [MessageClaims, MessageClaims]][] = [
  ['RedisStateStore (real Redis)', () => [new RedisStateStore(redisA, { prefix }).claims, new RedisStateStore(redisB, { prefix }).claims]],
  [
    'MemoryStateStore',
    () => {
      const { claims } = new MemoryStateStore();
      return [claims, claims];
    },
  ],
];

describe.each(implementations)('%s: two-phase message claims and reply marks', (_name, make) => {
  let a: MessageClaims;
  let b: MessageClaims;
  let id: string;
  beforeEach(() => {
    [a, b] = make();
    id = `web:-:m-${randomUUID()}`;
  });

  it('a message is new once; a retry while its turn runs is `running`; after completion it is `done`', async () => {
    expect(await a.claimMessage(id, 30, 60)).toBe('new');
    expect(await b.claimMessage(id, 30, 60)).toBe('running');
    await a.completeMessage(id, 60);
    expect(await b.claimMessage(id, 30, 60)).toBe('done');
    expect(await a.claimMessage(`${id}-other`, 30, 60)).toBe('new');
  });

  it('a run that died mid-turn (its lease lapsed) lets the next run in as a `retry`, which holds it again', async () => {
    expect(await a.claimMessage(id, 0.2, 60)).toBe('new');
    await sleep(300);
    expect(await b.claimMessage(id, 30, 60)).toBe('retry');
    expect(await a.claimMessage(id, 30, 60)).toBe('running');
  });

  it('the holder renews its lease (a slow turn keeps the message); once another run took it, renewal fails', async () => {
    expect(await a.claimMessage(id, 0.2, 60, 'run-a')).toBe('new');
    await sleep(120);
    expect(await a.renewMessage(id, 'run-a', 0.2)).toBe(true);
    await sleep(120); // past the first lease, within the renewed one
    expect(await b.claimMessage(id, 30, 60, 'run-b')).toBe('running');
    expect(await b.renewMessage(id, 'run-b', 30)).toBe(false); // not its claim

    await sleep(150); // the renewed lease lapsed (run-a stalled): run-b takes the message over
    expect(await b.claimMessage(id, 30, 60, 'run-b')).toBe('retry');
    expect(await a.renewMessage(id, 'run-a', 0.2)).toBe(false);
    expect(await b.renewMessage(id, 'run-b', 30)).toBe(true);
    await b.completeMessage(id, 60);
    expect(await b.renewMessage(id, 'run-b', 30)).toBe(false); // done: nothing to renew
    expect(await a.claimMessage(id, 30, 60)).toBe('done');
  });

  it('a turn that threw releases its claim at once: the next run is a `retry`', async () => {
    expect(await a.claimMessage(id, 30, 60)).toBe('new');
    await a.releaseMessage(id);
    expect(await b.claimMessage(id, 30, 60)).toBe('retry');
    await b.releaseMessage(id);
    await b.completeMessage(id, 60);
    await a.releaseMessage(id); // a late release never reopens a finished message
    expect(await a.claimMessage(id, 30, 60)).toBe('done');
  });

  it('marks sent replies for the TTL, per key', async () => {
    expect(await a.wasSent(`${id}:0`)).toBe(false);
    await a.markSent(`${id}:0`, 60);
    expect(await b.wasSent(`${id}:0`)).toBe(true);
    expect(await b.wasSent(`${id}:1`)).toBe(false);
  });
});

describe('RedisStateStore message claims: keys and TTLs', () => {
  it('keeps the claim for the dedupe TTL, and reads a mark written by older versions (`1`) as done', async () => {
    const store = new RedisStateStore(redisA, { prefix }).claims;
    const id = `wecom-kf:wk1:m-${randomUUID()}`;
    expect(await store.claimMessage(id, 30, 600)).toBe('new');
    expect(await redisA.ttl(`${prefix}:seen:${id}`)).toBeGreaterThan(590);
    await store.completeMessage(id, 86_400);
    expect(await redisA.ttl(`${prefix}:seen:${id}`)).toBeGreaterThan(86_000);
    await store.markSent(`${id}:0`, 86_400);
    expect(await redisA.ttl(`${prefix}:sent:${id}:0`)).toBeGreaterThan(86_000);
    await redisA.set(`${prefix}:seen:legacy`, '1', 'EX', 60);
    expect(await store.claimMessage('legacy', 30, 60)).toBe('done');
  });

  it('MemoryMessageClaims forgets a message after its TTL', async () => {
    let now = 0;
    const claims = new MemoryMessageClaims(() => now);
    expect(await claims.claimMessage('m', 30, 60)).toBe('new');
    await claims.completeMessage('m', 60);
    now = 61_000;
    expect(await claims.claimMessage('m', 30, 60)).toBe('new');
  });
});
