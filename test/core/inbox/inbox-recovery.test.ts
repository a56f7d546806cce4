import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DurableInbox } from '../../../src/core/inbox';
import { createLogger } from '../../../src/core/log';
import type { InboundMessage } from '../../../src/core/message';

// Redis loses the inbox's stream or group (a restart without data, FLUSHALL, eviction): the consumer heals itself.
// Every test has its own stream key, so deleting it touches nobody else's data.

let redis: Redis;
let key: string;
let lines: string[];
const inboxes: DurableInbox[] = [];

const message = (n: number, user = 'o-1'): InboundMessage => ({
  id: `m${n}`,
  ref: { channel: 'wecom-kf', accountId: 'wk1', conversationId: user, userId: user },
  kind: 'text',
  text: `第${n}条`,
  receivedAt: 1_700_000_000_000 + n,
});
const logged = (): Record<string, unknown>[] => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const inbox = (extra: Partial<ConstructorParameters<typeof DurableInbox>[0]> = {}): DurableInbox => {
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const created = new DurableInbox({ redis, key, logger, blockMs: 50, messageLeaseMs: 100, ...extra });
  inboxes.push(created);
  return created;
};
async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  key = `kefu-test-${randomUUID()}:inbox:wecom-kf`;
  lines = [];
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
  await redis.del(key);
  redis.disconnect();
});

describe('DurableInbox heals itself when Redis loses its stream or group', () => {
  it('the stream deleted under a running consumer: the next message is still handled, one recovery logged', async () => {
    const handled: string[] = [];
    const box = inbox();
    await box.start(async (m) => void handled.push(m.id));
    await box.add([message(1)]);
    await until(() => handled.length === 1);
    await redis.del(key); // as after a restart without data
    await box.add([message(2)]); // XADD recreates the stream, without the group
    await until(() => handled.length === 2, 3000);
    expect(handled).toEqual(['m1', 'm2']);
    expect(box.health()).toMatchObject({ ok: true, reading: true, recoveries: 1 });
    const recoveries = logged().filter((l) => String(l.msg).includes('consumer group'));
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toMatchObject({ level: 40, key });
    expect(logged().filter((l) => l.level === 50)).toEqual([]); // recovered at once, not through the 1 s error wait
    await until(async () => (await redis.xlen(key)) === 0);
  });

  it('only the group destroyed (XGROUP DESTROY): messages kept meanwhile are read from the start of the stream', async () => {
    const handled: string[] = [];
    const box = inbox();
    await box.start(async (m) => void handled.push(m.id));
    await redis.xgroup('DESTROY', key, 'kefu');
    await box.add([message(3), message(4)]);
    await until(() => handled.length === 2, 3000);
    expect(handled).toEqual(['m3', 'm4']);
    expect(box.health().recoveries).toBe(1);
  });

  it('a message pushed by a Lua script after the stream vanished (as the WeChat push store does) is handled', async () => {
    const handled: string[] = [];
    const box = inbox();
    await box.start(async (m) => void handled.push(m.id));
    await redis.del(key);
    const { entries, maxLength } = box.entriesFor([message(5)]);
    await redis.eval(`return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'm', ARGV[2])`, 1, key, maxLength, entries[0]!);
    await until(() => handled.length === 1, 3000);
    expect(handled).toEqual(['m5']);
  });

  it('health() is not ok while reads keep failing for longer than unhealthyAfterMs, and ok again once they work', async () => {
    const box = inbox({ unhealthyAfterMs: 300 });
    await box.start(async () => undefined);
    expect(box.health()).toMatchObject({ ok: true, reading: true });
    await redis.del(key);
    await redis.set(key, 'not a stream'); // reads fail (WRONGTYPE), and so does recreating the group
    await until(() => !box.health().ok, 3000);
    expect(box.health().lastError).toMatch(/WRONGTYPE/);
    await redis.del(key);
    await until(() => box.health().ok, 3000);
    expect(box.health().lastError).toBeUndefined();
    expect(inbox().health()).toMatchObject({ ok: true, reading: false }); // an inbox this process only adds to
  });
});

describe('DurableInbox: a turn that throws is tried again a bounded number of times, every drop logged with its reason', () => {
  it('a turn that fails once is run again and handled; the shopper’s next message waits for it', async () => {
    const runs: string[] = [];
    const box = inbox({ retryDelayMs: 20 });
    let failed = false;
    await box.start(async (m) => {
      runs.push(m.id);
      if (m.id === 'm1' && !failed) {
        failed = true;
        throw new Error('lock timeout');
      }
    });
    await box.add([message(1), message(2)]);
    await until(() => runs.length === 3);
    expect(runs).toEqual(['m1', 'm1', 'm2']);
    await until(async () => (await redis.xlen(key)) === 0);
  });

  it('a turn that always fails is dropped after maxAttempts with reason turn_failed; the next messages still run', async () => {
    const runs: string[] = [];
    const box = inbox({ retryDelayMs: 10, maxAttempts: 3 });
    await box.start(async (m) => {
      runs.push(m.id);
      if (m.id === 'm1') throw new Error('flow crashed');
    });
    await box.add([message(1), message(2)]);
    await until(() => runs.includes('m2'));
    await box.idle();
    expect(runs).toEqual(['m1', 'm1', 'm1', 'm2']);
    expect(logged().filter((l) => l.reason === 'turn_failed')).toEqual([
      expect.objectContaining({ messageId: 'm1', entry: expect.any(String), attempts: 3, level: 50 }),
    ]);
    expect(lines.join('')).not.toContain('第1条'); // ids only, never the shopper's text
    expect(await redis.xlen(key)).toBe(0);
  });

  it('a damaged entry is dropped with reason damaged_entry', async () => {
    const box = inbox();
    const handled: string[] = [];
    await box.start(async (m) => void handled.push(m.id));
    await redis.xadd(key, '*', 'm', '{not json');
    await box.add([message(6)]);
    await until(() => handled.length === 1);
    await until(() => logged().some((l) => l.reason === 'damaged_entry'));
    await until(async () => (await redis.xlen(key)) === 0);
  });

  it('an entry taken over more often than maxAttempts (it kills every process that runs it) is dropped unrun', async () => {
    const dying = inbox({ claimIdleMs: 150, maxAttempts: 1 });
    let started = 0;
    let revive!: () => void;
    const hung = new Promise<void>((r) => (revive = r));
    await dying.start(() => {
      started += 1;
      return hung; // does not finish: as if the process had died holding it
    });
    try {
      await dying.add([message(7)]);
      await until(() => started === 1);
      const survivor = inbox({ claimIdleMs: 150, maxAttempts: 1 });
      const handled: string[] = [];
      await survivor.start(async (m) => void handled.push(m.id));
      await until(() => logged().some((l) => l.reason === 'attempts_exhausted'));
      expect(handled).toEqual([]);
      expect(logged().find((l) => l.reason === 'attempts_exhausted')).toMatchObject({ messageId: 'm7', attempts: 1 });
      expect(await redis.xlen(key)).toBe(0);
    } finally {
      revive();
    }
  });
});
