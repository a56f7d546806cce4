import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DurableInbox } from '../../../src/core/inbox';
import { createLogger } from '../../../src/core/log';
import type { InboundMessage } from '../../../src/core/message';

const logger = createLogger({ level: 'silent' });
let redis: Redis;
let key: string;
const inboxes: DurableInbox[] = [];

const message = (n: number, user = 'o-1'): InboundMessage => ({
  id: `m${n}`,
  ref: { channel: 'wechat-official', accountId: 'wx1', conversationId: user, userId: user },
  kind: 'text',
  text: `第${n}条`,
  receivedAt: 1_700_000_000_000 + n,
});
const inbox = (extra: Partial<ConstructorParameters<typeof DurableInbox>[0]> = {}): DurableInbox => {
  const created = new DurableInbox({ redis, key, logger, blockMs: 50, messageLeaseMs: 100, ...extra });
  inboxes.push(created);
  return created;
};

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  key = `kefu-test-${randomUUID()}:inbox:wechat-official`;
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
  await redis.del(key);
  redis.disconnect();
});

describe('DurableInbox: acknowledged messages are kept in Redis until a turn handled them', () => {
  it('hands every message to exactly one turn, never more than `concurrency` at once, and empties the stream', async () => {
    const handled: string[] = [];
    let running = 0;
    let peak = 0;
    const box = inbox({ concurrency: 4 });
    await box.start(async (m) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      handled.push(m.id);
      running -= 1;
    });
    await box.add(Array.from({ length: 40 }, (_, i) => message(i, `o-${i % 10}`)));
    await box.idle();
    expect(handled.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `m${i}`).sort());
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(await redis.xlen(key)).toBe(0);
  });

  it("one shopper's messages run one after another, in the order they came, while other shoppers run alongside", async () => {
    const log: string[] = [];
    const box = inbox({ concurrency: 8 });
    await box.start(async (m) => {
      log.push(`start ${m.id}`);
      await new Promise((r) => setTimeout(r, m.id === 'm0' ? 60 : 5));
      log.push(`end ${m.id}`);
    });
    await box.add([message(0, 'o-a'), message(1, 'o-a'), message(2, 'o-b'), message(3, 'o-a')]);
    await box.idle();
    const a = log.filter((l) => /m[013]$/.test(l));
    expect(a).toEqual(['start m0', 'end m0', 'start m1', 'end m1', 'start m3', 'end m3']);
    expect(log.indexOf('end m2')).toBeLessThan(log.indexOf('end m0')); // o-b did not wait for o-a
  });

  it('messages added while no process runs are handled by the next one to start (nothing lost across a restart)', async () => {
    await inbox().add([message(1), message(2)]);
    const handled: InboundMessage[] = [];
    const later = inbox();
    await later.start(async (m) => void handled.push(m));
    await later.idle();
    expect(handled).toEqual([message(1), message(2)]);
  });

  it('a process that died mid-turn: another takes its unfinished messages over after claimIdleMs', async () => {
    const dying = inbox({ claimIdleMs: 200 });
    let started = 0;
    let revive!: () => void;
    const hung = new Promise<void>((r) => (revive = r));
    await dying.start(() => {
      started += 1;
      return hung; // does not finish: as if the process had died holding it
    });
    await dying.add([message(7)]);
    while (started === 0) await new Promise((r) => setTimeout(r, 10));
    const survivor = inbox({ claimIdleMs: 200 });
    const handled: string[] = [];
    await survivor.start(async (m) => void handled.push(m.id));
    const deadline = Date.now() + 5000;
    while (handled.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(handled).toEqual(['m7']);
    expect(started).toBe(1); // the holder never ran it twice itself
    revive();
  });

  it('a turn that throws is logged and dropped after maxAttempts, not retried forever; the next messages still run', async () => {
    const lines: string[] = [];
    const box = inbox({
      retryDelayMs: 10,
      logger: createLogger({ level: 'error', destination: { write: (l: string) => void lines.push(l) } }),
    });
    const handled: string[] = [];
    await box.start(async (m) => {
      if (m.id === 'm1') throw new Error('flow crashed');
      handled.push(m.id);
    });
    await box.add([message(1), message(2)]);
    await box.idle();
    expect(handled).toEqual(['m2']);
    expect(lines.join('')).toContain('inbox message dropped: its turn failed 3 time(s)');
    expect(await redis.xlen(key)).toBe(0);
  });

  it('stop() waits for the turns in flight and leaves the rest in Redis', async () => {
    const box = inbox({ concurrency: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const handled: string[] = [];
    await box.start(async (m) => {
      if (m.id === 'm1') await gate;
      handled.push(m.id);
    });
    await box.add([message(1), message(2), message(3)]);
    while ((await redis.xpending(key, 'kefu'))[0] === 0) await new Promise((r) => setTimeout(r, 10));
    const stopping = box.stop();
    release();
    await stopping;
    expect(handled).toEqual(['m1']);
    expect(await redis.xlen(key)).toBe(2);
  });
});
