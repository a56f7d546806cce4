import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Bot } from '../../src/bot/bot';
import type { ReplySender, TurnRunner } from '../../src/bot/ports';
import { createLogger } from '../../src/core/log';
import type { ConversationRef, InboundMessage } from '../../src/core/message';
import { recognitionFromScores } from '../../src/core/recognizer';
import type { UserDirectory, UserProfile } from '../../src/core/user';
import { RedisStateStore } from '../../src/store/redis-state-store';

// A turn that runs longer than its message claim's lease keeps the claim (it is renewed while the turn runs), so a
// second kefu process reading the same message (a platform retry, an inbox take-over) does not run it twice.
// Real Redis, two bot instances with their own connections, a 0.3 s lease.

const LEASE_SECONDS = 0.3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let prefix: string;
let lines: string[];
const connections: Redis[] = [];
const connect = (): Redis => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  connections.push(redis);
  return redis;
};

const ref: ConversationRef = { channel: 'wecom-kf', accountId: 'wk1', conversationId: 'o-slow', userId: 'o-slow' };
const message: InboundMessage = { id: 'msg-slow', ref, kind: 'text', text: '帮我查一下订单', receivedAt: 1_700_000_000_000 };

function users(): UserDirectory {
  const profile: UserProfile = {
    id: 'u-slow',
    identities: [{ channel: 'wecom-kf', externalId: 'o-slow' }],
    isNew: false,
    attributes: {},
    tags: [],
    optedOut: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
  };
  return { resolve: async () => profile, get: async () => profile, update: async () => profile };
}

/** An engine whose turns take `ms` (a slow commerce call) and that counts the turns it ran. */
function slowEngine(ms: number, runs: string[], name: string): TurnRunner {
  return {
    runTurn: async ({ state }) => {
      runs.push(name);
      await sleep(ms);
      return { replies: [{ type: 'text', text: '您的订单已发货～' }], state: { ...state, turn: state.turn + 1 }, misunderstood: false };
    },
  };
}

const sender: ReplySender = { send: async () => ({}) };

function bot(store: RedisStateStore, engine: TurnRunner): Bot {
  return new Bot({
    store,
    users: users(),
    recognizer: { recognize: async (text) => recognitionFromScores(text, {}) },
    engine,
    recorder: { recordTurn: async () => undefined },
    sender,
    logger: createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } }),
    claimLeaseSeconds: LEASE_SECONDS,
  });
}

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(() => {
  prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  lines = [];
});
afterEach(async () => {
  const redis = connect();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  for (const c of connections.splice(0)) c.disconnect();
});

describe('a turn longer than its message claim lease', () => {
  it('keeps the claim while it runs: a second process reading the message meanwhile drops it', async () => {
    const runs: string[] = [];
    const turnMs = LEASE_SECONDS * 1000 * 3;
    const first = bot(new RedisStateStore(connect(), { prefix }), slowEngine(turnMs, runs, 'first'));
    const second = bot(new RedisStateStore(connect(), { prefix }), slowEngine(turnMs, runs, 'second'));

    const running = first.handle(message);
    await sleep(LEASE_SECONDS * 1000 * 2); // well past the lease: without renewal the claim has lapsed
    const retry = await second.handle(message);
    expect(retry.stopped).toBe('duplicate');
    expect((await running).stopped).toBeUndefined();

    expect(runs).toEqual(['first']);
    expect(logged().find((l) => l.reason === 'duplicate')).toMatchObject({ messageId: 'msg-slow', claim: 'running' });
    expect((await second.handle(message)).stopped).toBe('duplicate'); // finished: done
    expect(runs).toEqual(['first']);
  });

  it('stops renewing when the turn ends: the claim is done, not running, and no renewal touches it later', async () => {
    const runs: string[] = [];
    const store = new RedisStateStore(connect(), { prefix });
    await bot(store, slowEngine(LEASE_SECONDS * 1000, runs, 'first')).handle(message);
    const key = `${prefix}:seen:wecom-kf:wk1:msg-slow`;
    expect(await connections[0]!.get(key)).toBe('done');
    await sleep(LEASE_SECONDS * 1000);
    expect(await connections[0]!.get(key)).toBe('done');
  });

  it('logs a lost claim when its renewal comes too late and another process has taken the message', async () => {
    const runs: string[] = [];
    const store = new RedisStateStore(connect(), { prefix });
    let stalled = true;
    // the first process stalls (a long GC pause, a slow Redis): its renewals reach Redis only after the lease lapsed
    const claims = Object.assign(Object.create(store.claims) as RedisStateStore['claims'], {
      renewMessage: async (id: string, holder: string, lease: number) => {
        while (stalled) await sleep(10);
        return store.claims.renewMessage(id, holder, lease);
      },
    });
    const stalling = Object.assign(Object.create(store) as RedisStateStore, { claims });
    const first = bot(stalling, slowEngine(LEASE_SECONDS * 1000 * 4, runs, 'first'));
    const second = bot(new RedisStateStore(connect(), { prefix }), slowEngine(10, runs, 'second'));

    const running = first.handle(message);
    await sleep(LEASE_SECONDS * 1000 * 1.5);
    const taken = second.handle(message); // the lease lapsed: the second process takes the message as a retry
    await sleep(50);
    stalled = false;
    await Promise.all([running, taken]);

    expect(runs).toEqual(['first', 'second']);
    const lost = logged().find((l) => String(l.msg).startsWith('message claim lost'));
    expect(lost).toMatchObject({ level: 40, messageId: 'msg-slow', channel: 'wecom-kf' });
  });
});
