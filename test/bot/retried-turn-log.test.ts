import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { Bot } from '../../src/bot/bot';
import { BufferedTurnRecorder } from '../../src/bot/buffered-turn-recorder';
import type { ReplySender, TurnRunner } from '../../src/bot/ports';
import { DurableInbox } from '../../src/core/inbox';
import { createLogger } from '../../src/core/log';
import { conversationKey, type ConversationRef, type InboundMessage } from '../../src/core/message';
import { recognitionFromScores } from '../../src/core/recognizer';
import type { UserDirectory, UserProfile } from '../../src/core/user';
import { sessionTurnOf } from '../../src/kpis/session-turn';
import { ConversationLog, createDataSource } from '../../src/store';
import { RedisStateStore } from '../../src/store/redis-state-store';
import { waitUntil } from '../helpers/wait-until';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

// A turn that throws is run again by the durable inbox; the conversation log (what operators read in the
// transcript and the agent inbox) keeps the shopper's message once and the reply of the run that worked once.

const logger = createLogger({ level: 'silent' });
let ref: ConversationRef = { channel: 'wecom-kf', accountId: 'wk1', conversationId: 'o-retry', userId: 'o-retry' };
const message = (id: string, text: string): InboundMessage => ({ id, ref, kind: 'text', text, receivedAt: Date.now() });
const profile: UserProfile = {
  id: 'u-retry',
  identities: [{ channel: 'wecom-kf', externalId: 'o-retry' }],
  isNew: false,
  attributes: {},
  tags: [],
  optedOut: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
};
const users: UserDirectory = { resolve: async () => profile, get: async () => profile, update: async () => profile };

/** Answers `回复：<text>`; the first run of `msg-1` fails (as a commerce look-up that timed out would). */
function flakyEngine(runs: string[]): TurnRunner {
  return {
    runTurn: async ({ message: m, state }) => {
      runs.push(m.id);
      if (m.id === 'msg-1' && runs.filter((id) => id === 'msg-1').length === 1) throw new Error('order service timed out');
      return { replies: [{ type: 'text', text: `回复：${m.text}` }], state: { ...state, turn: state.turn + 1 }, misunderstood: false };
    },
  };
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
])('a retried turn is logged once (%s)', (_name, open) => {
  let db: TestDatabase;
  let ds: DataSource;
  let redis: Redis;
  let prefix: string;
  beforeAll(async () => {
    db = await open();
    ds = await createDataSource(db.url, { schema: db.schema });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
    prefix = `kefu-test-${randomUUID()}`;
    const shopper = `o-${randomUUID()}`; // one conversation per test in the shared database
    ref = { channel: 'wecom-kf', accountId: 'wk1', conversationId: shopper, userId: shopper };
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it.each([
    ['written after each turn (the re-run finds the failed run in the database)', 1],
    ['written together (the failed run and its re-run in one batch)', 60_000],
  ])('throws on attempt 1, works on attempt 2: message and reply once each, one turn — %s', async (_how, maxDelayMs) => {
    const log = new ConversationLog(ds);
    const recorder = new BufferedTurnRecorder(log, { logger, maxDelayMs });
    const sent: string[] = [];
    const sender: ReplySender = { send: async (_r, reply) => void sent.push(reply.type === 'text' ? reply.text : reply.type) };
    const runs: string[] = [];
    const bot = new Bot({
      store: new RedisStateStore(redis, { prefix }),
      users,
      recognizer: { recognize: async (text) => recognitionFromScores(text, {}) },
      engine: flakyEngine(runs),
      recorder,
      sender,
      logger,
    });
    const inbox = new DurableInbox({ redis, key: `${prefix}:inbox:wecom-kf`, logger, blockMs: 20, retryDelayMs: 20 });
    await inbox.start((m) => bot.handle(m).then(() => undefined));
    try {
      await inbox.add([message('msg-1', '我的快递到哪了'), message('msg-2', '谢谢')]);
      await waitUntil(
        () => sent.length === 2,
        () => ({ sent, runs }),
      );
      await inbox.idle();
    } finally {
      await inbox.stop();
    }
    await recorder.flush();

    expect(runs).toEqual(['msg-1', 'msg-1', 'msg-2']); // the first run really threw and was run again
    const key = conversationKey(ref);
    const transcript = (await log.history(key)).map((m) => `${m.direction} ${m.text}`);
    expect(transcript).toEqual(['in 我的快递到哪了', 'out 回复：我的快递到哪了', 'in 谢谢', 'out 回复：谢谢']);
    expect((await log.getConversation(key))?.turns).toBe(2);
    expect(sent).toEqual(['回复：我的快递到哪了', '回复：谢谢']);
  });

  it('a message whose every run threw is still in the transcript, once, without a reply', async () => {
    const log = new ConversationLog(ds);
    const recorder = new BufferedTurnRecorder(log, { logger, maxDelayMs: 1 });
    let runs = 0;
    const failing: TurnRunner = {
      runTurn: async () => {
        runs += 1;
        throw new Error('flows broken');
      },
    };
    const bot = new Bot({
      store: new RedisStateStore(redis, { prefix }),
      users,
      recognizer: { recognize: async (text) => recognitionFromScores(text, {}) },
      engine: failing,
      recorder,
      sender: { send: async () => undefined },
      logger,
    });
    const inbox = new DurableInbox({ redis, key: `${prefix}:inbox:wecom-kf`, logger, blockMs: 20, retryDelayMs: 20 });
    await inbox.start((m) => bot.handle(m).then(() => undefined));
    try {
      await inbox.add([message('msg-9', '在吗')]);
      await waitUntil(
        () => runs === 3,
        () => ({ runs }),
      ); // maxAttempts: then the inbox drops it
      await inbox.idle();
    } finally {
      await inbox.stop();
    }
    await recorder.flush();
    const key = conversationKey(ref);
    expect((await log.history(key)).map((m) => `${m.direction} ${m.text}`)).toEqual(['in 在吗']);
    expect((await log.getConversation(key))?.turns).toBe(1);
  });
});

describe('the service KPIs count a retried message once', () => {
  it('a failed run is no session turn; its re-run is', () => {
    const inbound = message('msg-1', '我的快递到哪了');
    const failed = sessionTurnOf({ ref, inbound, replies: [], mode: 'bot', failed: true });
    const rerun = sessionTurnOf({ ref, inbound, replies: [{ type: 'text', text: '好的' }], mode: 'bot', rerun: true });
    expect(failed).toBeUndefined();
    expect(rerun).toMatchObject({ conversation: conversationKey(ref), receivedAt: inbound.receivedAt });
  });
});
