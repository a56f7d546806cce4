/**
 * Session outcomes through the real store on SQLite, PostgreSQL and MariaDB: turns with quality events recorded by
 * TypeormServiceSessions, tickets and CSAT answers from their stores, labelled once the sessions ended, and the
 * outcome shares in the service KPI report.
 */
import type { DataSource } from 'typeorm';
import { ServiceKpis } from '../../src/kpis/service-kpis';
import type { SessionTurn } from '../../src/kpis/session-turn';
import type { QualityEvent } from '../../src/quality/outcome';
import { createDataSource } from '../../src/store/data-source';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { TypeormSessionOutcomes } from '../../src/store/session-outcome-store';
import { TypeormSurveyResponses } from '../../src/store/survey-response-store';
import { TypeormTickets } from '../../src/store/ticket-store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from './databases';

/** 2025-11-20 10:00 in Shanghai. */
const T = Date.parse('2025-11-20T02:00:00.000Z');
const MIN = 60_000;
const TZ = 'Asia/Shanghai';

const turn = (conversation: string, user: string, at: number, events: QualityEvent[], handedOff = false): SessionTurn => ({
  conversation,
  userId: user,
  channel: conversation.split(':')[0]!,
  receivedAt: at,
  repliedAt: at + 500,
  handedOff,
  events,
});
const said = (): QualityEvent => ({ kind: 'shopper', cues: [], words: [] });
const thanks: QualityEvent = { kind: 'shopper', cues: ['thanks'], words: ['谢谢'] };
const done = (flow: string): QualityEvent => ({ kind: 'bot', flow, flowDone: true, score: 0.9, reply: flow });

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('session outcomes on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let sessions: TypeormServiceSessions;
  let outcomes: TypeormSessionOutcomes;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    sessions = new TypeormServiceSessions(ds, TZ);
    outcomes = new TypeormSessionOutcomes(ds);
    await sessions.record([
      // resolved: the logistics flow finished and the shopper thanked; a CSAT 5 given in the session
      turn('web:-:c1', 'u1', T, [said(), done('logistics')]),
      turn('web:-:c1', 'u1', T + MIN, [thanks]),
      // escalated: handed to a human
      turn('web:-:c2', 'u2', T + 2 * MIN, [said(), { kind: 'bot', flow: 'human_handoff' }, { kind: 'handoff', reason: 'asked' }], true),
      // escalated by a ticket the store knows (the trace alone would say abandoned)
      turn('web:-:c3', 'u3', T + 3 * MIN, [said(), { kind: 'bot', flow: 'leave_message', asks: true, score: 0.9 }]),
      // abandoned: the bot asked, the shopper never answered (the next day, on another door)
      turn('wechat-official:gh:c4', 'u4', T + 16 * 60 * MIN, [said(), { kind: 'bot', flow: 'invoice', asks: true, score: 0.9 }]),
      // unresolved: negative feedback after the answer
      turn('web:-:c5', 'u5', T + 4 * MIN, [said(), done('coupon')]),
      turn('web:-:c5', 'u5', T + 5 * MIN, [{ kind: 'shopper', cues: ['negative'], words: ['没用'] }]),
    ]);
    await new TypeormTickets(ds, TZ).add({ userId: 'u3', channel: 'web', conversation: 'web:-:c3', text: '改地址' }, T + 3 * MIN + 200);
    await new TypeormSurveyResponses(ds, TZ).add({
      kind: 'csat',
      score: 5,
      userId: 'u1',
      channel: 'web',
      conversation: 'web:-:c1',
      at: T + MIN + 100,
    });
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  const stored = async (): Promise<Record<string, [string | null, string[] | null]>> => {
    const rows = await ds.query('SELECT conversation_id, outcome, outcome_signals FROM kefu_service_session ORDER BY id');
    return Object.fromEntries(
      rows.map((r: Record<string, string | null>) => [
        r.conversation_id,
        [r.outcome, r.outcome_signals === null ? null : JSON.parse(r.outcome_signals)],
      ]),
    );
  };

  it('labels sessions only once they ended (30 minutes quiet), with the signals that decided', async () => {
    expect(await outcomes.labelEnded(T + 40 * MIN)).toBe(4); // c1, c2, c3 and c5 ended; c4 has not even started
    expect(await outcomes.labelEnded(T + 40 * MIN)).toBe(0); // idempotent
    expect(await outcomes.labelEnded(T + 17 * 60 * MIN)).toBe(1);
    expect(await stored()).toEqual({
      'web:-:c1': ['resolved', ['flow_done:logistics', 'thanks', 'rating:5']],
      'web:-:c2': ['escalated', ['handoff:asked']],
      'web:-:c3': ['escalated', ['ticket']],
      'wechat-official:gh:c4': ['abandoned', ['waiting:invoice']],
      'web:-:c5': ['unresolved', ['negative:没用']],
    });
  });

  it('reports the outcome counts and shares per channel and per day', async () => {
    const report = await new ServiceKpis(ds, TZ).report({ from: new Date(T - MIN), to: new Date(T + 2 * 24 * 60 * MIN) });
    expect(report.totals.quality).toEqual({
      labelled: 5,
      resolved: 1,
      escalated: 2,
      abandoned: 1,
      unresolved: 1,
      shares: { resolved: 0.2, escalated: 0.4, abandoned: 0.2, unresolved: 0.2 },
    });
    expect(report.byChannel.web!.quality).toMatchObject({ labelled: 4, abandoned: 0, shares: { escalated: 0.5 } });
    expect(report.daily.map((d) => [d.day, d.quality.labelled, d.quality.abandoned])).toEqual([
      ['2025-11-20', 4, 0],
      ['2025-11-21', 1, 1],
      ['2025-11-22', 0, 0],
    ]);
    expect(report.daily[2]!.quality.shares.resolved).toBeNull();
  });

  it('labels a session again when a late turn joins it after it was labelled', async () => {
    await sessions.record([turn('web:-:c5', 'u5', T + 5 * MIN + 20 * MIN, [thanks, done('coupon_help')])]);
    expect((await stored())['web:-:c5']).toEqual([null, null]);
    expect(await outcomes.labelEnded(T + 17 * 60 * MIN)).toBe(1);
    expect((await stored())['web:-:c5']).toEqual(['resolved', ['flow_done:coupon_help', 'thanks']]);
  });
});
