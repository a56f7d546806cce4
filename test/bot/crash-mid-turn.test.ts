import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Bot } from '../../src/bot/bot';
import type { ReplySender, TurnRunner } from '../../src/bot/ports';
import type { SendOptions } from '../../src/core/channel-adapter';
import { DurableInbox } from '../../src/core/inbox';
import { createLogger } from '../../src/core/log';
import type { ConversationRef, InboundMessage, OutboundMessage } from '../../src/core/message';
import { recognitionFromScores } from '../../src/core/recognizer';
import type { UserDirectory, UserProfile } from '../../src/core/user';
import { RedisStateStore } from '../../src/store/redis-state-store';

// A crash mid-turn loses nothing: a message is marked handled when its turn has finished, so a run that died
// (or threw) is run again, and the replies the first run sent do not reach the shopper twice.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let prefix: string;
let key: string;
let lines: string[];
const connections: Redis[] = [];
const connect = (): Redis => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  connections.push(redis);
  return redis;
};
const logger = () => createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });

const ref: ConversationRef = { channel: 'wecom-kf', accountId: 'wk1', conversationId: 'o-shopper', userId: 'o-shopper' };
const message: InboundMessage = { id: 'msg-1', ref, kind: 'text', text: '我的快递到哪了', receivedAt: 1_700_000_000_000 };

/** What the shopper's phone shows: every reply that went out, with the options it was sent with. */
type Shown = { text: string; options?: SendOptions };
const textOf = (m: OutboundMessage) => (m.type === 'text' ? m.text : m.type);

/** Two replies per turn; the state counts the turns that were saved. */
const engine: TurnRunner = {
  runTurn: async ({ state }) => ({
    replies: [
      { type: 'text', text: '正在为您查询物流～' },
      { type: 'text', text: '您的包裹已到杭州转运中心' },
    ],
    state: { ...state, turn: state.turn + 1 },
    misunderstood: false,
  }),
};

function users(): UserDirectory {
  const profile: UserProfile = {
    id: 'u-1',
    identities: [{ channel: 'wecom-kf', externalId: 'o-shopper' }],
    isNew: false,
    attributes: {},
    tags: [],
    optedOut: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
  };
  return { resolve: async () => profile, get: async () => profile, update: async () => profile };
}

function bot(store: RedisStateStore, sender: ReplySender): Bot {
  return new Bot({
    store,
    users: users(),
    recognizer: { recognize: async (text) => recognitionFromScores(text, {}) },
    engine,
    recorder: { recordTurn: async () => undefined },
    sender,
    logger: logger(),
    claimLeaseSeconds: 0.5,
  });
}

const recording = (shown: Shown[]): ReplySender => ({
  send: async (_ref, reply, options) => {
    shown.push({ text: textOf(reply), options });
    return {};
  },
});

beforeEach(() => {
  prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  key = `${prefix}:inbox:wecom-kf`;
  lines = [];
});
afterEach(async () => {
  const redis = connect();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  for (const c of connections.splice(0)) c.disconnect();
});

describe('a turn that fails after its replies went out', () => {
  it('runs again to completion without sending them twice; then the message is a duplicate', async () => {
    const shown: Shown[] = [];
    let saves = 0;
    const store = new RedisStateStore(connect(), { prefix });
    const flaky = Object.assign(Object.create(store) as RedisStateStore, {
      save: async (...args: Parameters<RedisStateStore['save']>) => {
        saves += 1;
        if (saves === 1) throw new Error('Redis write failed'); // the state of the first run is lost
        return store.save(...args);
      },
    });
    const kefu = bot(flaky, recording(shown));

    await expect(kefu.handle(message)).rejects.toThrow('Redis write failed');
    expect(shown.map((s) => s.text)).toEqual(['正在为您查询物流～', '您的包裹已到杭州转运中心']);

    const again = await kefu.handle(message); // the inbox runs a failed turn again
    expect(again.stopped).toBeUndefined();
    expect(shown).toHaveLength(2); // nothing sent twice
    expect((await store.load('wecom-kf:wk1:o-shopper'))?.turn).toBe(1); // …and this time the turn finished

    expect((await kefu.handle(message)).stopped).toBe('duplicate');
    expect(shown.map((s) => s.options)).toEqual([
      { idempotencyKey: 'wecom-kf:wk1:msg-1:0', inReplyTo: 'msg-1' },
      { idempotencyKey: 'wecom-kf:wk1:msg-1:1', inReplyTo: 'msg-1' },
    ]);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.filter((l) => l.reason === 'sent_before')).toHaveLength(2);
    expect(logged.find((l) => l.reason === 'duplicate')).toMatchObject({ messageId: 'msg-1', claim: 'done' });
    expect(lines.join('')).not.toContain('快递');
  });

  it('runs again when Redis failed with the turn and its claim could not be released (a Redis blip)', async () => {
    const shown: Shown[] = [];
    let saves = 0;
    let releases = 0;
    const store = new RedisStateStore(connect(), { prefix });
    const claims = Object.assign(Object.create(store.claims) as RedisStateStore['claims'], {
      releaseMessage: async (id: string) => {
        releases += 1;
        if (releases === 1) throw new Error('Redis connection lost'); // the same blip: the claim stays running
        return store.claims.releaseMessage(id);
      },
    });
    const blip = Object.assign(Object.create(store) as RedisStateStore, {
      claims,
      save: async (...args: Parameters<RedisStateStore['save']>) => {
        saves += 1;
        if (saves === 1) throw new Error('Redis connection lost');
        return store.save(...args);
      },
    });
    const kefu = bot(blip, recording(shown));

    await expect(kefu.handle(message)).rejects.toThrow('Redis connection lost');
    // Redis is back; the durable inbox runs the thrown turn again within the claim's lease (0.5 s here)
    const again = await kefu.handle(message);
    expect(again.stopped).toBeUndefined();
    expect((await store.load('wecom-kf:wk1:o-shopper'))?.turn).toBe(1);
    expect(shown).toHaveLength(2); // the replies of the failed run are not sent twice
    expect((await kefu.handle(message)).stopped).toBe('duplicate');
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.some((l) => String(l.msg).includes('claim not released'))).toBe(true);
  });

  it('a platform retry while the first run is still running is dropped as a duplicate', async () => {
    const shown: Shown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: ReplySender = {
      send: async (r, m, o) => {
        await gate;
        return recording(shown).send(r, m, o);
      },
    };
    const kefu = bot(new RedisStateStore(connect(), { prefix }), slow);
    const first = kefu.handle(message);
    await sleep(100);
    expect((await kefu.handle(message)).stopped).toBe('duplicate');
    release();
    await first;
    expect(shown).toHaveLength(2);
  });
});

describe('a process dies between two replies (durable inbox, real Redis)', () => {
  it('another process takes the message over and sends only the reply that had not gone out', async () => {
    const shown: Shown[] = [];
    // Process A: sends the first reply, then dies while sending the second.
    const redisA = connect();
    let killSend!: (err: Error) => void;
    const dying: ReplySender = {
      send: async (r, m, o) => {
        if (shown.length === 0) return recording(shown).send(r, m, o);
        return new Promise((_, reject) => (killSend = reject));
      },
    };
    const botA = bot(new RedisStateStore(redisA, { prefix, lockTtlMs: 300 }), dying);
    const inboxA = new DurableInbox({
      redis: redisA,
      key,
      logger: logger(),
      blockMs: 50,
      claimIdleMs: 1000,
      messageLeaseMs: 500,
      retryDelayMs: 50,
    });
    await inboxA.start(async (m) => void (await botA.handle(m)));
    await inboxA.add([message]);
    while (killSend === undefined) await sleep(10);
    redisA.disconnect(); // the process is gone: its conversation lock and its claim on the message lapse

    // Process B: its inbox takes the unfinished entry over after claimIdleMs and runs the turn again.
    const redisB = connect();
    const botB = bot(new RedisStateStore(redisB, { prefix }), recording(shown));
    const inboxB = new DurableInbox({ redis: connect(), key, logger: logger(), blockMs: 50, claimIdleMs: 1000, messageLeaseMs: 500 });
    await inboxB.start(async (m) => void (await botB.handle(m)));
    try {
      const deadline = Date.now() + 8000;
      while ((shown.length < 2 || (await redisB.xlen(key)) > 0) && Date.now() < deadline) await sleep(50);
      expect(shown.map((s) => s.text)).toEqual(['正在为您查询物流～', '您的包裹已到杭州转运中心']);
      expect(await new RedisStateStore(redisB, { prefix }).load('wecom-kf:wk1:o-shopper')).toMatchObject({ turn: 1 });
      expect(lines.some((l) => l.includes('message runs again'))).toBe(true);
      expect(await redisB.xlen(key)).toBe(0);
    } finally {
      killSend(new Error('process killed'));
      await Promise.all([inboxA.stop(), inboxB.stop()]);
    }
  });
});
