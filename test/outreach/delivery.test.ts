import { Redis } from 'ioredis';
import { IdempotentDelivery } from '../../src/outreach/delivery';
import type { SendJobData } from '../../src/outreach/job-types';
import { OutreachKeys } from '../../src/outreach/keys';
import { deletePrefix, RecordingSender, REDIS, testPrefix } from './helpers';

let redis: Redis;
let prefix: string;
let keys: OutreachKeys;
const job: SendJobData = {
  key: 'cart_abandoned.c1@1700000000000',
  triggerId: 'cart_abandoned',
  userId: 'u1',
  kind: 'marketing',
  channel: 'test',
  ref: { channel: 'test', conversationId: 'c', userId: 'u1' },
  via: 'window',
  message: { type: 'text', text: '亲～' },
  scheduledAt: 0,
};

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  keys = new OutreachKeys(prefix);
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('IdempotentDelivery', () => {
  it('sends once; a second delivery of the same key is a no-op', async () => {
    const sender = new RecordingSender();
    const d = new IdempotentDelivery(redis, keys, sender);
    expect(await d.deliver(job)).toBe('sent');
    expect(await d.deliver(job)).toBe('already_sent');
    expect(sender.sends.map((s) => s.options.idempotencyKey)).toEqual([job.key]);
  });

  it('after a crash mid-send: repeats with the same key for idempotent senders, never for others', async () => {
    await redis.set(keys.delivery(job.key), 'sending');
    const idem = new RecordingSender();
    expect(await new IdempotentDelivery(redis, keys, idem).deliver(job)).toBe('resent_after_crash');
    expect(idem.sends).toHaveLength(1);
    await redis.set(keys.delivery(job.key), 'sending');
    const plain = Object.assign(new RecordingSender(), { idempotent: false });
    expect(await new IdempotentDelivery(redis, keys, plain).deliver(job)).toBe('uncertain_after_crash');
    expect(plain.sends).toHaveLength(0);
  });

  it('a failed send clears the marker so the retry sends', async () => {
    const sender = new RecordingSender();
    let fail = true;
    const flaky = Object.assign(Object.create(sender) as RecordingSender, {
      send: async (...args: Parameters<RecordingSender['send']>) => {
        if (fail) throw new Error('channel down');
        return sender.send(...args);
      },
    });
    const d = new IdempotentDelivery(redis, keys, flaky);
    await expect(d.deliver(job)).rejects.toThrow('channel down');
    expect(await redis.get(keys.delivery(job.key))).toBeNull();
    fail = false;
    expect(await d.deliver(job)).toBe('sent');
    expect(sender.sends).toHaveLength(1);
  });
});
