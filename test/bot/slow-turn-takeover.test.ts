import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Bot } from '../../src/bot/bot';
import type { ReplySender, TurnRunner } from '../../src/bot/ports';
import { DurableInbox } from '../../src/core/inbox';
import { createLogger } from '../../src/core/log';
import type { ConversationRef, InboundMessage } from '../../src/core/message';
import { recognitionFromScores } from '../../src/core/recognizer';
import type { UserDirectory, UserProfile } from '../../src/core/user';
import { RedisStateStore } from '../../src/store/redis-state-store';
import { pollUntil } from '../helpers/wait-until';

// Two kefu processes (A, B) read one durable inbox. A's turn of m1 runs far longer than claimIdleMs, so B takes m1
// and the two messages queued behind it over. A is alive (it renews m1's claim and the conversation lock), so B must
// leave the three to A: m1 runs once (or, when A's slow turn throws, is retried and the failure logged) and m2, m3
// run after it, in order, none dropped. Real Redis; a 0.3 s claimIdleMs, 0.1 s claim lease, 0.2 s lock wait.

const CLAIM_IDLE_MS = 300;
const LEASE_SECONDS = 0.1;
const SLOW_MS = 2000; // > 6 × claimIdleMs, and longer than B's three lock waits with their retries
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ref: ConversationRef = { channel: 'wecom-kf', accountId: 'wk1', conversationId: 'o-slow', userId: 'o-slow' };
const message = (n: number): InboundMessage => ({ id: `m${n}`, ref, kind: 'text', text: `第${n}条`, receivedAt: 1_700_000_000_000 + n });
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
const users: UserDirectory = { resolve: async () => profile, get: async () => profile, update: async () => profile };
const sender: ReplySender = { send: async () => ({}) };

let prefix: string;
let key: string;
let lines: string[];
const connections: Redis[] = [];
const inboxes: DurableInbox[] = [];
const connect = (): Redis => {
  const redis = new Redis({ host: '127.0.0.1', port: 6379 });
  connections.push(redis);
  return redis;
};
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

/** Turns finished (`done`: `<process>:<message>`), after `slow` on m1's first run in A, which throws when `fails`. */
function engine(name: string, done: string[], fails: boolean): TurnRunner {
  let firstM1 = name === 'A';
  return {
    runTurn: async ({ message: m, state }) => {
      if (m.id === 'm1' && firstM1) {
        firstM1 = false;
        await sleep(SLOW_MS);
        if (fails) throw new Error('order service timed out');
      }
      done.push(`${name}:${m.id}`);
      return { replies: [{ type: 'text', text: `回复：${m.text}` }], state: { ...state, turn: state.turn + 1 }, misunderstood: false };
    },
  };
}

/** One kefu process: its own Redis connections, bot and inbox (consumer `name`). */
async function kefuProcess(name: string, done: string[], fails: boolean): Promise<DurableInbox> {
  const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
  const bot = new Bot({
    store: new RedisStateStore(connect(), { prefix, lockTimeoutMs: 200 }),
    users,
    recognizer: { recognize: async (text) => recognitionFromScores(text, {}) },
    engine: engine(name, done, fails),
    recorder: { recordTurn: async () => undefined },
    sender,
    logger,
    claimLeaseSeconds: LEASE_SECONDS,
  });
  const inbox = new DurableInbox({
    redis: connect(),
    key,
    logger,
    consumer: name,
    blockMs: 20,
    retryDelayMs: 20,
    claimIdleMs: CLAIM_IDLE_MS,
    messageLeaseMs: LEASE_SECONDS * 1000,
  });
  inboxes.push(inbox);
  await inbox.start((m) => bot.handleInbound(m));
  return inbox;
}

/** A takes m1–m3 (B is not reading yet), then B starts while m1's turn still runs in A. */
async function slowTurnWithTwoProcesses(fails: boolean): Promise<string[]> {
  const done: string[] = [];
  const redis = connect();
  const a = await kefuProcess('A', done, fails);
  await a.add([1, 2, 3].map(message));
  await pollUntil(
    async () => ((await redis.xpending(key, 'kefu')) as [number])[0],
    (n) => n === 3,
    2000,
    'A to take m1–m3',
  );
  await kefuProcess('B', done, fails);
  await pollUntil(
    async () => ({ done: [...done], left: await redis.xlen(key) }),
    (seen) => seen.done.length >= 3 && seen.left === 0,
    SLOW_MS * 4,
    'm1–m3 to be run and acknowledged',
  );
  await sleep(CLAIM_IDLE_MS * 2); // nothing runs late
  return done;
}

const drops = () => logged().filter((l) => ['turn_failed', 'attempts_exhausted', 'finished_elsewhere'].includes(String(l.reason)));

beforeEach(() => {
  prefix = `kefu-test-${randomUUID().slice(0, 8)}`;
  key = `${prefix}:inbox:wecom-kf`;
  lines = [];
});
afterEach(async () => {
  await Promise.all(inboxes.splice(0).map((i) => i.stop()));
  const redis = connect();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  for (const c of connections.splice(0)) c.disconnect();
});

describe('a turn running longer than claimIdleMs while its process is alive', () => {
  it('is run once, by its process; the messages behind it run after it, in order, none dropped', async () => {
    const done = await slowTurnWithTwoProcesses(false);

    expect(done).toEqual(['A:m1', 'A:m2', 'A:m3']);
    expect(drops()).toEqual([]);
    // B did take them over, and gave them back unrun
    expect(logged().filter((l) => l.reason === 'running_elsewhere')[0]).toMatchObject({ messageId: 'm1', level: 30 });
    expect(logged().some((l) => l.reason === 'behind_running_elsewhere' && l.messageId === 'm2')).toBe(true);
  }, 20_000);

  it('throws after being taken over: it runs again (logged), and the messages behind it still run, in order', async () => {
    const done = await slowTurnWithTwoProcesses(true);

    expect(done.map((d) => d.slice(2))).toEqual(['m1', 'm2', 'm3']); // m1's second run worked, here or in B
    const failed = logged().filter((l) => l.msg === 'inbox turn failed; running it again');
    expect(failed).toEqual([expect.objectContaining({ level: 40, messageId: 'm1', attempt: 1 })]);
    expect(drops()).toEqual([]);
    expect(logged().some((l) => l.reason === 'running_elsewhere' && l.messageId === 'm1')).toBe(true);
  }, 20_000);
});
