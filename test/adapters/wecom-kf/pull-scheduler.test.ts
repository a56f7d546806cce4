import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { KfStore } from '../../../adapters/wecom-kf/kf-store';
import { PullScheduler } from '../../../adapters/wecom-kf/pull-scheduler';
import { createLogger } from '../../../src/index';

describe('PullScheduler: one pull loop per kf account, and no callback is lost', () => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  const prefix = `kefu-test-${randomUUID()}`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a callback that arrives while the loop is finishing (its last Redis read) still gets its pull', async () => {
    const store = new KfStore(redis, prefix, 'wwcorp');
    const pulls: string[] = [];
    const scheduler = new PullScheduler(store, async (_kf, token) => void pulls.push(token), createLogger({ level: 'silent' }));
    const takeAgain = store.takeAgain.bind(store);
    let injected = false;
    store.takeAgain = async (kf) => {
      const flag = await takeAgain(kf);
      if (!injected && pulls.length === 1) {
        injected = true;
        scheduler.trigger(kf, 'token-2'); // WeCom's next callback, while the first loop has not ended yet
      }
      return flag;
    };
    scheduler.trigger('wk-shop', 'token-1');
    await scheduler.idle();
    expect(pulls).toEqual(['token-1', 'token-2']);
  });
});
