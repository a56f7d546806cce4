import type { DataSource } from 'typeorm';
import type { TurnRecord } from '../../src/core/turn-record';
import type { DeskEvent } from '../../src/desk/desk-events';
import { recordingHandoffs } from '../../src/desk/desk-recorder';
import { ConversationLog } from '../../src/store/conversation-log';
import { createDataSource } from '../../src/store/data-source';
import { TypeormHandoffs } from '../../src/store/handoff-store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-11-20T10:00:00+08:00');
const web = { channel: 'web', conversationId: 'c-desk', userId: 'v-desk' };

/** One logged turn of the web shopper at T0 + `min` minutes. */
function turn(text: string, min: number, extra: Partial<TurnRecord> = {}): TurnRecord {
  return {
    ref: web,
    userId: 'u-desk',
    inbound: { id: `m-${min}`, ref: web, kind: 'text', text, receivedAt: T0 + min * 60_000 },
    replies: [],
    mode: 'bot',
    at: new Date(T0 + min * 60_000),
    ...extra,
  };
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('the agent inbox follows the conversation log (%s)', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let handoffs: TypeormHandoffs;
  let events: DeskEvent[];
  let consoleDoors: Set<string>;
  let recorder: ReturnType<typeof recordingHandoffs>;

  beforeEach(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    handoffs = new TypeormHandoffs(ds);
    events = [];
    consoleDoors = new Set(['web']);
    recorder = recordingHandoffs(new ConversationLog(ds), {
      handoffs,
      events: { publish: async (e) => void events.push(e) },
      answeredInConsole: (channel) => consoleDoors.has(channel),
      logger: { warn: () => undefined },
    });
  });
  afterEach(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('a handoff turn opens a waiting handoff once; the shopper’s next words show in it (masked); the idle return closes it', async () => {
    const handed = turn('转人工，我的手机号13812345678', 0, { mode: 'handoff', escalated: true, handoffReason: '顾客要求人工服务' });
    await recorder.recordTurns!([handed]);
    await recorder.recordTurn({ ...handed, inbound: { ...handed.inbound, id: 'm-retry' } }); // the same handoff recorded again
    const open = await handoffs.list({ status: 'open' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ status: 'waiting', channel: 'web', reason: '顾客要求人工服务', handedOffAt: T0 });
    expect(open[0]!.lastText).not.toContain('13812345678');
    expect(events.map((e) => e.type)).toEqual(['handoff']);

    await recorder.recordTurn(turn('在吗？', 3, { mode: 'handoff' }));
    expect((await handoffs.byId(open[0]!.id))!).toMatchObject({ lastText: '在吗？', lastShopperAt: T0 + 3 * 60_000 });
    expect(events.map((e) => e.type)).toEqual(['handoff', 'message']);

    await recorder.recordTurn(turn('你好', 40, { mode: 'bot', handoffExpired: true }));
    expect(await handoffs.byId(open[0]!.id)).toMatchObject({ status: 'closed', closedBy: 'idle', closedAt: T0 + 40 * 60_000 });
    expect(events.map((e) => e.type)).toEqual(['handoff', 'message', 'closed']);
  });

  it('a shopper’s message whose turn threw while handed over reaches the operator, once; a re-run after a crash shows too', async () => {
    await recorder.recordTurn(turn('转人工', 0, { mode: 'handoff', escalated: true, handoffReason: '顾客要求人工服务' }));
    const [open] = await handoffs.list({ status: 'open' });

    const asked = turn('我的退款到哪了', 2, { mode: 'handoff' });
    await recorder.recordTurn({ ...asked, failed: true }); // every bot-side run of it may throw: the operator sees it now
    expect(await handoffs.byId(open!.id)).toMatchObject({ lastText: '我的退款到哪了', lastShopperAt: T0 + 2 * 60_000 });
    expect(events.map((e) => e.type)).toEqual(['handoff', 'message']);
    await recorder.recordTurns!([
      { ...asked, failed: true, rerun: true, at: new Date(T0 + 3 * 60_000) },
      { ...asked, rerun: true, at: new Date(T0 + 4 * 60_000) },
    ]);
    expect(events.map((e) => e.type)).toEqual(['handoff', 'message']); // its re-runs add nothing
    expect(await handoffs.byId(open!.id)).toMatchObject({ lastShopperAt: T0 + 2 * 60_000 });

    // a message whose first run died with its process (nothing logged) shows on its re-run
    await recorder.recordTurn(turn('还在吗', 6, { mode: 'handoff', rerun: true }));
    expect(await handoffs.byId(open!.id)).toMatchObject({ lastText: '还在吗', lastShopperAt: T0 + 6 * 60_000 });
    expect(events.map((e) => e.type)).toEqual(['handoff', 'message', 'message']);
  });

  it('a door handed to the platform’s own desk opens nothing; bot turns cost no inbox query', async () => {
    consoleDoors.clear();
    await recorder.recordTurn(turn('转人工', 0, { mode: 'handoff', handoffReason: '顾客要求人工服务' }));
    await recorder.recordTurn(turn('我的快递到哪了', 1));
    expect(await handoffs.list({})).toEqual([]);
    expect(events).toEqual([]);
  });

  it('two operators take at once: exactly one wins; transfer and close are conditional too', async () => {
    const { handoff } = await handoffs.open({ conversation: 'web:-:c-desk', ref: web, userId: 'u-desk', reason: '多次未理解', at: T0 });
    const [a, b] = await Promise.all([handoffs.take(handoff.id, 'xiaomei', T0 + 1000), handoffs.take(handoff.id, 'laowang', T0 + 1000)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const owner = (a ?? b)!.operator!;
    const other = owner === 'xiaomei' ? 'laowang' : 'xiaomei';
    expect(await handoffs.transfer(handoff.id, 'dazhuang', other, T0 + 2000)).toBeUndefined(); // not theirs to give
    expect(await handoffs.transfer(handoff.id, other, owner, T0 + 2000)).toMatchObject({ operator: other });
    expect(await handoffs.close(handoff.id, 'operator', T0 + 3000)).toMatchObject({ status: 'closed', closedBy: 'operator' });
    expect(await handoffs.close(handoff.id, 'operator', T0 + 4000)).toBeUndefined();
  });
});
