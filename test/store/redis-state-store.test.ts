import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { KefuError } from '../../src/core/errors';
import { emptyConversationState } from '../../src/core/conversation-state';
import { RedisStateStore } from '../../src/store/redis-state-store';

const REDIS_URL = 'redis://127.0.0.1:6379';

describe('RedisStateStore (real Redis at 127.0.0.1:6379)', () => {
  const prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  let redisA: Redis;
  let redisB: Redis;
  let storeA: RedisStateStore;
  let storeB: RedisStateStore;

  beforeAll(async () => {
    redisA = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redisB = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await Promise.all([redisA.connect(), redisB.connect()]);
    } catch (err) {
      throw new Error(
        `Redis is not reachable at ${REDIS_URL}; start it (e.g. \`redis-server --daemonize yes\`). Cause: ${(err as Error).message}`,
      );
    }
    storeA = new RedisStateStore(redisA, { prefix });
    storeB = new RedisStateStore(redisB, { prefix });
  });

  afterAll(async () => {
    const keys = await redisA.keys(`${prefix}:*`);
    if (keys.length) await redisA.del(...keys);
    await Promise.all([redisA.quit(), redisB.quit()]);
  });

  it('saves, loads (across connections) and deletes state with a refreshed TTL', async () => {
    const key = 'web:-:c-save';
    expect(await storeA.load(key)).toBeUndefined();
    const state = {
      ...emptyConversationState(1000),
      turn: 3,
      stack: [{ flowId: 'new_customer', stepId: 'ask', slots: { 尺码: 'XL' }, vars: {} }],
    };
    await storeA.save(key, state);
    expect(await storeB.load(key)).toEqual(state);
    const ttl = await redisA.ttl(`${prefix}:conv:${key}`);
    expect(ttl).toBeGreaterThan(29 * 24 * 3600);
    await redisA.expire(`${prefix}:conv:${key}`, 100);
    await storeB.save(key, state);
    expect(await redisA.ttl(`${prefix}:conv:${key}`)).toBeGreaterThan(100);
    await storeB.delete(key);
    expect(await storeA.load(key)).toBeUndefined();
  });

  it('lets two stores on two connections take turns on one conversation', async () => {
    const key = 'web:-:c-alternate';
    const stores = [storeA, storeB];
    for (let i = 0; i < 10; i++) {
      const store = stores[i % 2];
      await store.withLock(key, async () => {
        const state = (await store.load(key)) ?? emptyConversationState(0);
        expect(state.turn).toBe(i);
        await store.save(key, {
          ...state,
          turn: state.turn + 1,
          stack: [{ flowId: 'f', stepId: `by-${i % 2 ? 'B' : 'A'}`, slots: {}, vars: {} }],
        });
      });
    }
    const final = await storeA.load(key);
    expect(final?.turn).toBe(10);
    expect(final?.stack[0].stepId).toBe('by-B');
  });

  it('serialises contending withLock calls: no overlap, no lost update', async () => {
    const key = 'web:-:c-contend';
    const events: string[] = [];
    const n = 12;
    const runs = Array.from({ length: n }, (_, i) =>
      (i % 2 ? storeB : storeA).withLock(
        key,
        async () => {
          events.push(`enter:${i}`);
          const state = (await storeA.load(key)) ?? emptyConversationState(0);
          await new Promise((r) => setTimeout(r, 5)); // widen the race window
          await storeB.save(key, { ...state, turn: state.turn + 1 });
          events.push(`exit:${i}`);
          return i;
        },
        10_000,
      ),
    );
    expect(await Promise.all(runs)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect((await storeA.load(key))?.turn).toBe(n);
    // Every enter is immediately followed by its own exit: the critical sections never overlap.
    for (let j = 0; j < events.length; j += 2) {
      expect(events[j].replace('enter', 'exit')).toBe(events[j + 1]);
    }
    expect(await redisA.exists(`${prefix}:lock:${key}`)).toBe(0);
  });

  it('releases the lock when fn throws', async () => {
    const key = 'web:-:c-throw';
    await expect(
      storeA.withLock(key, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(storeB.withLock(key, async () => 'ok', 500)).resolves.toBe('ok');
  });

  it('times out with a KefuError while another holder keeps the lock', async () => {
    const key = 'web:-:c-timeout';
    let release!: () => void;
    const held = storeA.withLock(key, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const err = await storeB.withLock(key, async () => 'never', 150).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KefuError);
    expect((err as KefuError).code).toBe('STATE_LOCK_TIMEOUT');
    expect((err as Error).message).toContain(key);
    release();
    await held;
    await expect(storeB.withLock(key, async () => 'after')).resolves.toBe('after');
  });

  it('does not release a lock that expired and was taken by someone else', async () => {
    const key = 'web:-:c-expired';
    const shortA = new RedisStateStore(redisA, { prefix, lockTtlMs: 30 });
    // Simulate: our lock expired and another process took it while we were still running.
    await shortA.withLock(key, async () => {
      await redisA.set(`${prefix}:lock:${key}`, 'someone-else', 'PX', 5000);
    });
    expect(await redisA.get(`${prefix}:lock:${key}`)).toBe('someone-else');
    await redisA.del(`${prefix}:lock:${key}`);
  });

  it('keeps renewing the lock while a slow turn runs past the lock TTL', async () => {
    const key = 'web:-:c-renew';
    const shortA = new RedisStateStore(redisA, { prefix, lockTtlMs: 60 });
    let contenderResult: unknown;
    await shortA
      .withLock(key, async () => {
        contenderResult = await storeB.withLock(key, async () => 'got in', 300).catch((e: unknown) => e);
      })
      .catch(() => undefined);
    // The contender could only have got in if the holder's lock had lapsed; it must have timed out.
    expect((contenderResult as KefuError).code).toBe('STATE_LOCK_TIMEOUT');
  });
});
