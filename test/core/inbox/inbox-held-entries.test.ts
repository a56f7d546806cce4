import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DurableInbox } from '../../../src/core/inbox';
import { createLogger } from '../../../src/core/log';
import type { InboundMessage } from '../../../src/core/message';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let redis: Redis;
let key: string;
const inboxes: DurableInbox[] = [];

const message = (n: number): InboundMessage => ({
  id: `m${n}`,
  ref: { channel: 'wecom-kf', accountId: 'wk1', conversationId: 'o-1', userId: 'o-1' },
  kind: 'text',
  text: `第${n}条`,
  receivedAt: 1_700_000_000_000 + n,
});
const inbox = (consumer: string): DurableInbox => {
  const created = new DurableInbox({ redis, key, logger, consumer, blockMs: 20, claimIdleMs: 300, messageLeaseMs: 100 });
  inboxes.push(created);
  return created;
};

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  key = `kefu-test-${randomUUID()}:inbox:wecom-kf`;
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
  await redis.del(key);
  redis.disconnect();
});

describe('DurableInbox: entries waiting behind their conversation stay with the process that holds them', () => {
  it('a slow conversation holding entries for several claimIdleMs: a second process takes none, the order is kept', async () => {
    const ran: string[] = [];
    const holder = inbox('holder');
    await holder.start(async (m) => {
      await sleep(m.id === 'm1' ? 250 : 150); // every turn shorter than claimIdleMs, all five together ~3×
      ran.push(m.id);
    });
    await holder.add([1, 2, 3, 4, 5].map(message));
    // the holder has taken all five (the second process could otherwise just read some of them, fairly)
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      const [count, , , owners] = (await redis.xpending(key, 'kefu')) as [number, string, string, [string, string][] | null];
      if (count === 5 && owners?.length === 1 && owners[0]![0] === 'holder') break;
      await sleep(5);
    }

    const taken: string[] = [];
    const other = inbox('other'); // polls for idle entries every claimIdleMs / 2
    await other.start(async (m) => void taken.push(m.id));
    while (ran.length < 5 && Date.now() < deadline + 5000) await sleep(20);
    await other.idle();

    expect(taken).toEqual([]);
    expect(ran).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(await redis.xlen(key)).toBe(0);
  });

  it('a turn that hangs longer than claimIdleMs: its entry and those behind it are taken over, in order', async () => {
    let revive!: () => void;
    const hung = new Promise<void>((r) => (revive = r));
    const holder = inbox('holder');
    await holder.start((m) => (m.id === 'm1' ? hung : Promise.resolve())); // as if the process had died in m1
    await holder.add([1, 2, 3].map(message));
    const taken: string[] = [];
    try {
      while (((await redis.xpending(key, 'kefu')) as [number])[0] < 3) await sleep(5);
      const other = inbox('other');
      await other.start(async (m) => void taken.push(m.id));
      const deadline = Date.now() + 5000;
      while (taken.length < 3 && Date.now() < deadline) await sleep(20);
      expect(taken).toEqual(['m1', 'm2', 'm3']);
    } finally {
      revive();
    }
  });

  it('refuses a claimIdleMs not longer than the message claim lease, saying how to fix it', () => {
    expect(() => new DurableInbox({ redis, key, logger, claimIdleMs: 20_000 })).toThrow(
      /20000 ms, not longer than the message claim lease \(30000 ms\).*Fix: set claimIdleMs longer/,
    );
    expect(() => new DurableInbox({ redis, key, logger, claimIdleMs: 500, messageLeaseMs: 500 })).toThrow(/Fix:/);
    expect(() => new DurableInbox({ redis, key, logger })).not.toThrow();
  });
});
