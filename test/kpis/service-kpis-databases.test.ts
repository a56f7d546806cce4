/**
 * The service KPI queries (window functions, EXISTS, grouping) on SQLite, PostgreSQL and MariaDB, from sessions,
 * tickets, order attributions and outreach rows written through the stores with exact times.
 */
import type { DataSource } from 'typeorm';
import type { ConversationRef } from '../../src/core/message';
import { createActionRegistry } from '../../src/flows/actions';
import type { ActionContext } from '../../src/flows/engine-types';
import { ServiceKpis } from '../../src/kpis/service-kpis';
import type { SessionTurn } from '../../src/kpis/session-turn';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { TypeormAttributionStore } from '../../src/store/attribution-store';
import { createDataSource } from '../../src/store/data-source';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { TypeormSurveyResponses } from '../../src/store/survey-response-store';
import { TypeormTickets } from '../../src/store/ticket-store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

/** 2025-11-20 10:00 in Shanghai. */
const T = Date.parse('2025-11-20T02:00:00.000Z');
const MIN = 60_000;
const TZ = 'Asia/Shanghai';

const turn = (
  conversation: string,
  userId: string,
  receivedAt: number,
  replyMs: number | undefined,
  extra: Partial<SessionTurn> = {},
): SessionTurn => ({
  conversation,
  userId,
  channel: conversation.split(':')[0]!,
  receivedAt,
  ...(replyMs === undefined ? {} : { repliedAt: receivedAt + replyMs }),
  handedOff: false,
  ...extra,
});

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('service KPIs on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    const sessions = new TypeormServiceSessions(ds, TZ);
    await sessions.record([
      turn('web:-:before', 'u0', T - 2 * 60 * MIN, 100), // before the period
      turn('web:-:c1', 'u1', T, 1000, { topic: 'returns' }),
      turn('web:-:c1', 'u1', T + 5 * MIN, 300), // the same session: only the first reply counts
      turn('web:-:c2', 'u2', T + MIN, 2000),
      turn('web:-:c2', 'u2', T + 2 * MIN, undefined, { handedOff: true }),
      turn('web:-:c3', 'u3', T + 2 * MIN, 4000),
    ]);
    // the next day in Shanghai; nobody answers until an operator does, a minute later
    await sessions.record([turn('wechat-official:gh:c4', 'u4', T + 16 * 60 * MIN, undefined)]);
    expect(await sessions.noteReply('wechat-official:gh:c4', T + 16 * 60 * MIN + 60_000)).toBe(true);
    // u1 comes back about the same topic 3 h later: a new session that reopens the first
    await sessions.record([turn('web:-:c1', 'u1', T + 3 * 60 * MIN, 500, { topic: 'returns' })]);
    await new TypeormTickets(ds, TZ).add({ userId: 'u3', channel: 'web', conversation: 'web:-:c3', text: '想改地址' }, T + 2 * MIN + 1000);
    await new TypeormTickets(ds, TZ).add({ userId: 'u2', channel: 'web', conversation: 'web:-:c2', text: '另一天' }, T + 5 * 24 * 60 * MIN);
    await new TypeormAttributionStore(ds).saveOnce({
      orderId: 'o1',
      userId: 'u1',
      amount: 99,
      credit: 'product',
      channel: 'web',
      conversation: 'web:-:c1',
      chat: 'product',
      touchRef: 'P1001',
      touchAt: new Date(T + 5 * MIN).toISOString(),
      paidAt: new Date(T + 30 * MIN).toISOString(),
    });
    // satisfaction answers through the survey.record action: CSAT 5, 4, 2 on web; NPS 10, 9, 7, 3 on the Official Account
    const survey = createActionRegistry({}, { surveys: new TypeormSurveyResponses(ds, TZ) }).get('survey.record')!;
    const answer = (ref: ConversationRef, kind: string, score: string, at: number) =>
      survey({ kind, score }, { user: { id: ref.userId }, ref, now: at } as unknown as ActionContext);
    const web = { channel: 'web', conversationId: 'c1', userId: 'u1' };
    const oa = { channel: 'wechat-official', conversationId: 'c4', userId: 'u4' };
    await answer(web, 'csat', '5', T + MIN);
    await answer(web, 'csat', '４分', T + 2 * MIN);
    await answer(web, 'csat', '2', T + 3 * MIN);
    for (const score of ['10', '9', '7', '3']) await answer(oa, 'nps', score, T + 16 * 60 * MIN);
    await answer(web, 'csat', '1', T - 60 * MIN); // before the period
    const log = new OutreachLog(ds);
    const row = async (
      key: string,
      trigger: string,
      at: number,
      status?: 'sent' | 'suppressed' | 'failed',
      reason?: string,
    ): Promise<void> => {
      const base = { key, jobId: key, triggerId: trigger, userId: `u-${key}`, kind: 'marketing' as const };
      await log.record({ ...base, status: 'scheduled', at, dueAt: at + MIN });
      if (status) await log.record({ ...base, status, at: at + MIN, channel: 'web', ...(reason ? { reason } : {}) });
    };
    await row('k1', 'cart_abandoned', T, 'sent');
    await log.attributeConversion('u-k1', 'o-k1', T + 10 * MIN, 72 * 3_600_000);
    await row('k2', 'cart_abandoned', T + MIN, 'suppressed', 'quiet_hours');
    await row('k3', 'cart_abandoned', T + 2 * MIN, 'suppressed', 'cap_day');
    await row('k4', 'cart_abandoned', T + 3 * MIN);
    await row('k5', 'order_shipped', T + 4 * MIN, 'sent');
    await row('k6', 'order_shipped', T + 5 * MIN, 'failed', 'channel_error');
    await row('k7', 'order_shipped', T - 60 * MIN, 'sent'); // before the period
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('aggregates sessions into exact figures, per channel and per shop-local day', async () => {
    const report = await new ServiceKpis(ds, TZ).report({ from: new Date(T - MIN), to: new Date(T + 2 * 24 * 60 * MIN) });
    expect(report.totals).toEqual({
      sessions: 5,
      answered: 5,
      handedOff: 1,
      tickets: 1,
      escalated: 2,
      botResolved: 3,
      firstContactResolved: 2,
      converted: 1,
      firstResponseMs: { p50: 2000, p95: 60_000 }, // 500, 1000, 2000, 4000, 60000
      rates: { botResolution: 0.6, firstContactResolution: 0.4, escalation: 0.4, handoff: 0.2, conversion: 0.2 },
      csat: { responses: 3, satisfied: 2, score: 0.6667 },
      nps: { responses: 4, promoters: 2, detractors: 1, score: 25 },
      // no session labelled here (test/store/session-outcome-store.test.ts labels them)
      quality: {
        labelled: 0,
        resolved: 0,
        escalated: 0,
        abandoned: 0,
        unresolved: 0,
        shares: { resolved: null, escalated: null, abandoned: null, unresolved: null },
      },
    });
    expect(report.byChannel['wechat-official']).toMatchObject({
      sessions: 1,
      botResolved: 1,
      firstResponseMs: { p50: 60_000, p95: 60_000 },
    });
    expect(report.byChannel.web).toMatchObject({ sessions: 4, firstResponseMs: { p50: 1000, p95: 4000 } });
    expect(report.daily.map((d) => [d.day, d.sessions, d.firstResponseMs.p50, d.csat.responses, d.nps.score])).toEqual([
      ['2025-11-20', 4, 1000, 3, null],
      ['2025-11-21', 1, 60_000, 0, 25],
      ['2025-11-22', 0, null, 0, null],
    ]);
  });

  it('filters by channel and gives the outreach funnel per trigger', async () => {
    const report = await new ServiceKpis(ds, TZ).report({ from: new Date(T - MIN), to: new Date(T + 60 * MIN), channel: 'web' });
    expect(report.totals).toMatchObject({ sessions: 3, firstResponseMs: { p50: 2000, p95: 4000 } });
    const all = await new ServiceKpis(ds, TZ).report({ from: new Date(T - MIN), to: new Date(T + 60 * MIN) });
    expect(all.outreach).toEqual([
      {
        trigger: 'cart_abandoned',
        scheduled: 4,
        pending: 1,
        suppressed: 2,
        suppressedBy: { quiet_hours: 1, cap_day: 1 },
        failed: 0,
        sent: 1,
        converted: 1,
        conversionRate: 1,
      },
      {
        trigger: 'order_shipped',
        scheduled: 2,
        pending: 0,
        suppressed: 0,
        suppressedBy: {},
        failed: 1,
        sent: 1,
        converted: 0,
        conversionRate: 0,
      },
    ]);
    // with a channel, rows still waiting (no channel yet) are left out
    expect(report.outreach.map((f) => [f.trigger, f.scheduled])).toEqual([
      ['cart_abandoned', 3],
      ['order_shipped', 2],
    ]);
  });

  it('answers empty periods with zeros and nulls', async () => {
    const report = await new ServiceKpis(ds, TZ).report({ from: new Date(T - 10 * 24 * 60 * MIN), to: new Date(T - 9 * 24 * 60 * MIN) });
    expect(report.totals).toMatchObject({ sessions: 0, firstResponseMs: { p50: null, p95: null }, rates: { botResolution: null } });
    expect(report.byChannel).toEqual({});
    expect(report.outreach).toEqual([]);
  });
});
