import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { DurableInbox } from '../../../src/core/inbox';
import { createLogger } from '../../../src/core/log';
import type { InboundMessage } from '../../../src/core/message';
import { pollUntil } from '../../helpers/wait-until';

// A handler that answers `running_elsewhere` (a live turn in another process holds the message's claim): the inbox
// neither acknowledges the entry nor runs those behind it, and gives them back to the consumer it took them from, with
// their delivery counts as before (a look is not an attempt). Real Redis.

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
type Pending = [id: string, owner: string, idle: number, deliveries: number][];
const pending = async () => (await redis.xpending(key, 'kefu', '-', '+', 10)) as Pending;

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  key = `kefu-test-${randomUUID()}:inbox:wecom-kf`;
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
  await redis.del(key);
  redis.disconnect();
});

describe('DurableInbox: a message a live turn in another process runs', () => {
  it('is given back unrun with the entries behind it, delivery counts as before; its holder then finishes them', async () => {
    let finishM1!: () => void;
    const m1Running = new Promise<void>((r) => (finishM1 = r));
    const ran: string[] = [];
    const holder = inbox('holder');
    await holder.start(async (m) => {
      if (m.id === 'm1') await m1Running; // runs longer than claimIdleMs: its entries are left to be looked at
      ran.push(m.id);
    });
    await holder.add([1, 2, 3].map(message));
    await pollUntil(pending, (p) => p.length === 3, 2000, 'the holder to take m1–m3');

    const looked: string[] = [];
    const other = inbox('other');
    await other.start(async (m) => {
      looked.push(m.id);
      return m.id === 'm1' ? 'running_elsewhere' : undefined; // m1's claim is the holder's
    });
    try {
      await pollUntil(
        async () => looked.length,
        (n) => n > 0,
        3000,
        'the other process to take m1 over',
      );
      await sleep(100);
      const back = await pending();
      expect(looked).toEqual(['m1']); // m2, m3 were not run behind it
      expect(back.map(([, owner, , deliveries]) => [owner, deliveries])).toEqual([
        ['holder', 1],
        ['holder', 1],
        ['holder', 1],
      ]);
    } finally {
      finishM1();
    }
    await pollUntil(
      () => redis.xlen(key),
      (n) => n === 0,
      3000,
      'the holder to finish m1–m3',
    );
    expect(ran).toEqual(['m1', 'm2', 'm3']);
    expect(looked.filter((id) => id !== 'm1')).toEqual([]);
  });
});
