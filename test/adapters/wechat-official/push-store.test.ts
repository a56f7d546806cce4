import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { PushStore } from '../../../adapters/wechat-official/push-store';
import { DurableInbox } from '../../../src/core/inbox';
import { createLogger } from '../../../src/core/log';
import type { InboundMessage } from '../../../src/core/message';

let redis: Redis;
let prefix: string;
let inbox: DurableInbox;
let store: PushStore;

const text = (id: string, body: string): InboundMessage => ({
  id,
  ref: { channel: 'wechat-official', accountId: 'wx1', conversationId: 'oShopper', userId: 'oShopper' },
  kind: 'text',
  text: body,
  receivedAt: 1_700_000_000_000,
});

beforeEach(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379 });
  prefix = `kefu-test-${randomUUID()}`;
  inbox = new DurableInbox({ redis, key: `${prefix}:inbox:wechat-official`, logger: createLogger({ level: 'silent' }) });
  store = new PushStore(redis, `${prefix}:wechat`, { dedupeTtlSec: 900, transferTtlSec: 86_400 });
});
afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

/** The serialised messages the inbox stream holds, oldest first. */
async function kept(): Promise<string[]> {
  const entries = (await redis.xrange(`${prefix}:inbox:wechat-official`, '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) => (JSON.parse(fields[1]!) as InboundMessage).text ?? '');
}

describe('PushStore.claim keeps a first delivery in the inbox in the same Redis call', () => {
  it('a push and its two retries (one racing the first) leave one claim and one copy of each message', async () => {
    const messages = [text('m1', '这件有XL吗'), text('m2', '今天能发货吗')];
    const [first, racingRetry] = await Promise.all([
      store.claim('wx1', 'msg:1', 'oShopper', inbox.entriesFor(messages)),
      store.claim('wx1', 'msg:1', 'oShopper', inbox.entriesFor(messages)),
    ]);
    const lateRetry = await store.claim('wx1', 'msg:1', 'oShopper', inbox.entriesFor(messages));
    expect([first.first, racingRetry.first].sort()).toEqual([false, true]);
    expect(lateRetry.first).toBe(false);
    expect(await kept()).toEqual(['这件有XL吗', '今天能发货吗']);
  });

  it('takes a pending transfer exactly once, with the messages kept', async () => {
    await store.markTransfer('wx1', 'oShopper');
    const claim = await store.claim('wx1', 'msg:2', 'oShopper', inbox.entriesFor([text('m3', '转人工')]));
    const next = await store.claim('wx1', 'msg:3', 'oShopper', inbox.entriesFor([text('m4', '人呢')]));
    expect(claim).toEqual({ first: true, transfer: true });
    expect(next).toEqual({ first: true, transfer: false });
    expect(await kept()).toEqual(['转人工', '人呢']);
  });

  it('claims without keeping when no entries are given (passive replies run the turn in the request)', async () => {
    expect(await store.claim('wx1', 'msg:4', 'oShopper')).toEqual({ first: true, transfer: false });
    expect(await kept()).toEqual([]);
  });

  it('a released claim lets the next retry be handled and kept', async () => {
    await store.claim('wx1', 'msg:5', 'oShopper');
    await store.release('wx1', 'msg:5');
    expect((await store.claim('wx1', 'msg:5', 'oShopper', inbox.entriesFor([text('m5', '在吗')]))).first).toBe(true);
    expect(await kept()).toEqual(['在吗']);
  });

  it('a lease (an unanswered passive push) lets a later retry in once it lapses; settle keeps the claim for the full TTL', async () => {
    expect((await store.claim('wx1', 'msg:6', 'oShopper', undefined, 1)).first).toBe(true);
    expect((await store.claim('wx1', 'msg:6', 'oShopper')).first).toBe(false); // the claimant is still answering
    await new Promise((r) => setTimeout(r, 1_100)); // …and died: nobody answered
    expect((await store.claim('wx1', 'msg:6', 'oShopper', undefined, 1)).first).toBe(true); // WeChat's retry is handled
    await store.settle('wx1', 'msg:6'); // answered this time
    expect(await redis.ttl(`${prefix}:wechat:wx1:seen:msg:6`)).toBeGreaterThan(800);
  });
});
