/**
 * GET /console/api/quality/sessions on a whole running kefu (HTTP on loopback, real Redis) over SQLite, PostgreSQL and
 * MariaDB: sessions recorded and labelled by the real stores, handoffs from the inbox's store, the role rules, the
 * filters, paging, masking and the 400s.
 */
import type { QualityEvent } from '../../../src/quality/outcome';
import type { SessionTurn } from '../../../src/kpis/session-turn';
import { TypeormConsoleUsers } from '../../../src/store/console-user-store';
import { ServiceSessionEntity } from '../../../src/store/entities/service-session.entity';
import { TypeormHandoffs } from '../../../src/store/handoff-store';
import { TypeormServiceSessions } from '../../../src/store/service-session-store';
import { TypeormSessionOutcomes } from '../../../src/store/session-outcome-store';
import { startTestKefu, type TestKefu } from '../../helpers/running-kefu';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../../store/databases';

jest.setTimeout(120_000);

const PASSWORD = '会话质量-quality-password';
/** 2025-11-20 10:00 in Shanghai. */
const T = Date.parse('2025-11-20T02:00:00.000Z');
const MIN = 60_000;
const PHONE = '13812345678';
const OPENID = 'oAbCdEfGhIjKlMnOpQrStUvWx';

const turn = (conversation: string, userId: string, at: number, events: QualityEvent[], handedOff = false): SessionTurn => ({
  conversation,
  userId,
  channel: conversation.split(':')[0]!,
  receivedAt: at,
  repliedAt: at + 500,
  handedOff,
  events,
});
const said = (): QualityEvent => ({ kind: 'shopper', cues: [], words: [] });
const done = (flow: string): QualityEvent => ({ kind: 'bot', flow, flowDone: true, score: 0.9, reply: flow });

/** Sign in on loopback and keep the session cookie. */
async function signIn(base: string, name: string): Promise<string> {
  const res = await fetch(`${base}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('GET /console/api/quality/sessions on %s', (name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let running: TestKefu;
  let base: string;
  let operator: string;
  const ids: Record<string, number> = {};
  const handoffIds: Record<string, number> = {};
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const get = async (path: string, cookie?: string): Promise<{ status: number; text: string; body: Record<string, any> }> => {
    const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> };
  };

  beforeAll(async () => {
    db = await prepare();
    const url = db.schema ? `${db.url}?schema=${db.schema}` : db.url;
    running = await startTestKefu(() => (name === 'SQLite' ? {} : { databaseUrl: url }));
    base = running.kefu.url;
    const { dataSource, config } = running.kefu.core;
    const users = new TypeormConsoleUsers(dataSource);
    await users.add('boss', 'admin', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
    const handoffs = new TypeormHandoffs(dataSource);
    const ref = (conversation: string, userId: string) => ({
      channel: conversation.split(':')[0]!,
      conversationId: conversation.split(':')[2]!,
      userId,
    });
    // c1 was handed over the day before (and closed): its session of the 20th links to that conversation
    const before = await handoffs.open({
      conversation: 'web:-:c1',
      ref: ref('web:-:c1', PHONE),
      userId: `u-${PHONE}`,
      reason: '人工',
      at: T - 24 * 60 * MIN,
    });
    await handoffs.close(before.handoff.id, 'operator', T - 23 * 60 * MIN);
    handoffIds.c1 = before.handoff.id;
    await new TypeormServiceSessions(dataSource, config.timezone).record([
      // resolved: logistics finished and the shopper thanked
      turn('web:-:c1', `u-${PHONE}`, T, [said(), done('logistics')]),
      turn('web:-:c1', `u-${PHONE}`, T + MIN, [{ kind: 'shopper', cues: ['thanks'], words: ['谢谢'] }]),
      // escalated: the shopper asked for a human and typed a phone number
      turn(
        'web:-:c2',
        'u-second-shopper',
        T + 2 * MIN,
        [said(), { kind: 'bot', flow: 'human_handoff' }, { kind: 'handoff', reason: `转人工 电话${PHONE}` }],
        true,
      ),
      // unresolved: negative feedback after the answer
      turn('web:-:c4', 'u-fourth-shopper', T + 4 * MIN, [said(), done('coupon')]),
      turn('web:-:c4', 'u-fourth-shopper', T + 5 * MIN, [{ kind: 'shopper', cues: ['negative'], words: ['没用'] }]),
      // abandoned the next day on the Official Account: the bot asked, the shopper never answered
      turn(`wechat-official:gh_shop:${OPENID}`, `wx-${OPENID}`, T + 16 * 60 * MIN, [
        said(),
        { kind: 'bot', flow: 'invoice', asks: true, score: 0.9 },
      ]),
      // two days before: outside the period
      turn('web:-:c5', 'u-early-shopper', T - 2 * 24 * 60 * MIN, [said(), done('returns')]),
      // a session recorded before the labels (outcome none): never listed
      turn('web:-:c6', 'u-old-shopper', T + 6 * MIN, [said(), done('coupon')]),
    ]);
    const during = await handoffs.open({
      conversation: 'web:-:c2',
      ref: ref('web:-:c2', 'b-2'),
      userId: 'u-second-shopper',
      reason: '转人工',
      at: T + 2 * MIN + 300,
    });
    handoffIds.c2 = during.handoff.id;
    await new TypeormSessionOutcomes(dataSource).labelEnded(Date.now()); // the running kefu's sweep may have begun
    const rows = await dataSource.getRepository(ServiceSessionEntity).find();
    expect(rows.map((r) => r.outcome).filter((o) => o === null)).toEqual([]);
    for (const row of rows) ids[row.conversationId.split(':')[2]!] = row.id;
    await dataSource.getRepository(ServiceSessionEntity).update({ id: ids.c6 }, { outcome: 'none' });
    operator = await signIn(base, 'xiaomei');
  });
  afterAll(async () => {
    await running?.close();
    await db?.drop();
  });

  const PERIOD = 'from=2025-11-20&to=2025-11-21';

  it('refuses anonymous requests (401) and marketing (403); operators and admins read it', async () => {
    expect((await get(`/console/api/quality/sessions?${PERIOD}`)).status).toBe(401);
    expect((await get(`/console/api/quality/sessions?${PERIOD}`, `kefu_console=${'A'.repeat(43)}`)).status).toBe(401);
    const marketing = await get(`/console/api/quality/sessions?${PERIOD}`, await signIn(base, 'market'));
    expect(marketing.status).toBe(403);
    expect(marketing.body.message).toMatch(/Fix: sign in as operator or admin/);
    for (const cookie of [operator, await signIn(base, 'boss')])
      expect((await get(`/console/api/quality/sessions?${PERIOD}`, cookie)).status).toBe(200);
  });

  it('lists the labelled sessions of the period newest first, with their signals, door, masked shopper and inbox handoff', async () => {
    const res = await get(`/console/api/quality/sessions?${PERIOD}`, operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 20, from: '2025-11-19T16:00:00.000Z', to: '2025-11-21T16:00:00.000Z' });
    expect(res.body.sessions).toEqual([
      {
        id: ids[OPENID],
        door: 'wechat-official',
        day: '2025-11-21',
        startedAt: new Date(T + 16 * 60 * MIN).toISOString(),
        lastAt: new Date(T + 16 * 60 * MIN + 500).toISOString(),
        messages: 1,
        topic: null,
        shopper: 'wx-o********Wx',
        outcome: 'abandoned',
        signals: ['waiting:invoice'],
        handoffId: null,
      },
      expect.objectContaining({ id: ids.c4, door: 'web', outcome: 'unresolved', signals: ['negative:没用'], handoffId: null, messages: 2 }),
      expect.objectContaining({ id: ids.c2, outcome: 'escalated', signals: ['handoff:转人工 电话138****5678'], handoffId: handoffIds.c2 }),
      expect.objectContaining({ id: ids.c1, outcome: 'resolved', signals: ['flow_done:logistics', 'thanks'], handoffId: handoffIds.c1 }),
    ]);
    expect(res.body.flows).toEqual({ invoice: '开发票', logistics: '物流查询' });
    // no full shopper id, platform id, conversation key or typed phone number leaves the server
    for (const secret of [PHONE, OPENID, 'web:-:c1', 'u-second-shopper']) expect(res.text).not.toContain(secret);
  });

  it('filters by outcome and door, pages, and reads days=7 like the KPI route', async () => {
    const unresolved = await get(`/console/api/quality/sessions?${PERIOD}&outcome=unresolved`, operator);
    expect(unresolved.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids.c4]);
    expect(unresolved.body.total).toBe(1);
    const official = await get(`/console/api/quality/sessions?${PERIOD}&door=wechat-official`, operator);
    expect(official.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids[OPENID]]);
    const web = await get(`/console/api/quality/sessions?${PERIOD}&door=web&outcome=resolved`, operator);
    expect(web.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids.c1]);

    const first = await get(`/console/api/quality/sessions?${PERIOD}&pageSize=3`, operator);
    const second = await get(`/console/api/quality/sessions?${PERIOD}&pageSize=3&page=2`, operator);
    expect(first.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids[OPENID], ids.c4, ids.c2]);
    expect(second.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(second.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids.c1]);

    const wider = await get('/console/api/quality/sessions?from=2025-11-17&to=2025-11-21', operator);
    expect(wider.body.sessions.map((s: { id: number }) => s.id)).toEqual([ids[OPENID], ids.c4, ids.c2, ids.c1, ids.c5]);
    const recent = await get('/console/api/quality/sessions?days=7', operator); // now is years after 2025-11-20
    expect(recent.status).toBe(200);
    expect(recent.body.total).toBe(0);
  });

  it('says how to fix a bad query', async () => {
    for (const [path, fix] of [
      ['outcome=fine', /Fix: pass only from and to \(or days\), door, outcome \(resolved, escalated, abandoned, unresolved\)/],
      ['pageSize=500', /Fix: pass only .* pageSize \(1–100\)/],
      ['shop=1', /Fix: pass only from and to/],
      ['days=0', /Fix: pass days as a whole number from 1 to 366/],
      ['days=7&from=2025-11-01', /Fix: pass days .* or from and to instead of days/],
      ['from=yesterday', /Fix: write a date \(2025-11-01\)/],
    ] as const) {
      const res = await get(`/console/api/quality/sessions?${path}`, operator);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.message).toMatch(fix);
    }
  });
});
