import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { scheduleCampaign } from '../../src/outreach/campaign';
import { OutreachQueues } from '../../src/outreach/queues';
import { FakeChannel } from './fixtures/fake-channel';
import { kill, spawnWorker } from './fixtures/spawn-worker';
import { deletePrefix, REDIS, testPrefix, until } from './helpers';

jest.setTimeout(90_000);

describe('crash: a worker process SIGKILLed mid-batch', () => {
  const prefix = testPrefix();
  const redis = new Redis(REDIS);
  const channel = new FakeChannel(20);
  const queues = new OutreachQueues({ connection: REDIS, prefix: `${prefix}:bull` });
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const c of children) await kill(c);
    await queues.close();
    await channel.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('after a restart every job is delivered exactly once, none lost', async () => {
    const N = 400;
    const url = await channel.start();
    const users = Array.from({ length: N }, (_, i) => `user-${i}`);
    await scheduleCampaign(queues, {
      id: 'crash',
      segment: users,
      at: Date.now(),
      message: { type: 'text', text: '亲，新品上架啦～' },
      chunkSize: 50,
    });
    const env = { PREFIX: prefix, CHANNEL_URL: url, REDIS_PORT: '6379' };
    const first = await spawnWorker(env);
    children.push(first);
    await until(() => channel.delivered.size >= N / 4, 30_000, 5);
    await kill(first, 'SIGKILL');
    const killedAt = channel.delivered.size;
    expect(killedAt).toBeLessThan(N);
    children.push(await spawnWorker(env));
    await until(() => channel.delivered.size >= N, 60_000);
    await until(async () => {
      const sendQ = queues.send('test');
      const c = await sendQ.getJobCounts('waiting', 'active', 'delayed');
      const d = await queues.due.getJobCounts('waiting', 'active', 'delayed');
      return c.waiting + c.active + c.delayed + d.waiting + d.active + d.delayed === 0;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // let any late duplicate arrive
    const perUser = channel.perUser();
    expect(perUser.size).toBe(N); // none lost
    expect([...perUser.values()].every((c) => c === 1)).toBe(true); // exactly one accepted message each
    expect(channel.delivered.size).toBe(N); // one idempotency key per job, stable across the crash
    expect(await queues.send('test').getFailedCount()).toBe(0);
    // raw requests beyond the first per key (dropped by the channel's dedupe) are bounded by in-flight sends at the kill
    expect(channel.duplicateRequests()).toBeLessThanOrEqual(10);
  });
});
