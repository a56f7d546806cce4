import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { NonceReplayGuard } from '../../../../src/kits/wechat/crypto/nonce-replay-guard';

describe('NonceReplayGuard on a real Redis', () => {
  let redis: Redis;
  let other: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:6379');
    other = new Redis('redis://127.0.0.1:6379');
  });
  beforeEach(() => {
    prefix = `kefu-test-${randomUUID()}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('says first, then repeat for the same content and reused for other content, across processes', async () => {
    const now = 1_800_000_000;
    const here = new NonceReplayGuard({ redis, prefix, windowSec: 300 });
    const elsewhere = new NonceReplayGuard({ redis: other, prefix, windowSec: 300 });
    expect(await here.check('wx1', String(now), '1234567', 'POST\n<xml>在吗</xml>', now)).toBe('first');
    expect(await elsewhere.check('wx1', String(now), '1234567', 'POST\n<xml>在吗</xml>', now)).toBe('repeat');
    expect(await elsewhere.check('wx1', String(now), '1234567', 'POST\n<xml>退订</xml>', now)).toBe('reused');
    expect(await here.check('wx1', String(now), '1234567', 'GET\n<xml>在吗</xml>', now)).toBe('reused');
    // another nonce, another timestamp or another app is another pair
    expect(await here.check('wx1', String(now), '7654321', 'POST\n<xml>退订</xml>', now)).toBe('first');
    expect(await here.check('wx1', String(now + 1), '1234567', 'POST\n<xml>退订</xml>', now)).toBe('first');
    expect(await here.check('wx2', String(now), '1234567', 'POST\n<xml>退订</xml>', now)).toBe('first');
  });

  it('remembers a pair exactly while its signature is valid: until timestamp + window', async () => {
    const guard = new NonceReplayGuard({ redis, prefix, windowSec: 300 });
    const now = 1_800_000_000;
    const cases: [string, number][] = [
      [String(now), 301], // signed now: valid 300 s more
      [String(now - 290), 11], // signed 290 s ago: 10 s left
      [String(now + 300), 601], // a clock 300 s ahead: valid until now + 600
    ];
    for (const [i, [timestamp, ttl]] of cases.entries()) {
      await guard.check('wx1', timestamp, `n${i}`, 'x', now);
      const [key] = await redis.keys(`${prefix}:nonce:wx1:*`);
      expect(await redis.ttl(key!)).toBeGreaterThanOrEqual(ttl - 1);
      expect(await redis.ttl(key!)).toBeLessThanOrEqual(ttl);
      await redis.del(key!);
    }
  });

  it('keeps nothing readable of the nonce or the content in Redis', async () => {
    const guard = new NonceReplayGuard({ redis, prefix });
    await guard.check('wx1', '1800000000', 'nonce-9876', 'POST\n<xml>我的电话 13812345678</xml>', 1_800_000_000);
    const [key] = await redis.keys(`${prefix}:*`);
    expect(key).not.toContain('nonce-9876');
    expect(await redis.get(key!)).not.toContain('138');
  });
});
