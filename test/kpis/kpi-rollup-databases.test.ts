/**
 * The daily KPI roll-up (docs/kpis.md, "Pre-aggregation") on SQLite, PostgreSQL and MariaDB: a report that reads
 * rolled-up days must equal the report computed from the raw rows (counts exactly, percentiles within the bucket
 * bound), also after late data for a rolled day and with a channel filter; settled days are not rolled again.
 */
import type { DataSource } from 'typeorm';
import { KpiRollup } from '../../src/kpis/kpi-rollup';
import { RESPONSE_BUCKET_ERROR } from '../../src/kpis/response-buckets';
import type { ServiceFigures } from '../../src/kpis/service-figures';
import { ServiceKpis, type ServiceKpiReport } from '../../src/kpis/service-kpis';
import type { SessionFilter } from '../../src/kpis/session-aggregates';
import type { SessionTurn } from '../../src/kpis/session-turn';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { TypeormAttributionStore } from '../../src/store/attribution-store';
import { createDataSource } from '../../src/store/data-source';
import { KpiDayEntity, ServiceSessionEntity } from '../../src/store/entities';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { TypeormSurveyResponses } from '../../src/store/survey-response-store';
import { TypeormTickets } from '../../src/store/ticket-store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;
/** Shop-local midnight starting 2025-11-18 (D1), then D2 = 11-19, D3 = 11-20, D4 = 11-21 ("today"). */
const D1 = Date.parse('2025-11-17T16:00:00.000Z');
const DAY = 24 * HOUR;
/** The roll-up runs at D4 12:00: D1–D3 are closed; D3 is too recent to be settled. */
const NOW = D1 + 3 * DAY + 12 * HOUR;
/** From D1 10:00 (a partial day, read live) to D4 20:00 (today, live); D2 and D3 come from their roll-ups. */
const PERIOD: SessionFilter = { from: new Date(D1 + 10 * HOUR), to: new Date(D1 + 3 * DAY + 20 * HOUR) };
/** Response times spread over the exact and the log-spaced buckets, and a few unanswered sessions. */
const REPLY_MS = [5, 39, 41, 120, 333, 800, 999, 1234, 2000, 2001, 4321, 9000, 15_000, 61_000, 250_000, undefined];
const TOPICS = ['returns', 'logistics', 'invoice'];

/** Everything but the percentiles, which are compared with {@link expectClose}. */
function counts(report: ServiceKpiReport): unknown {
  const strip = (f: ServiceFigures) => ({ ...f, firstResponseMs: undefined });
  return {
    ...report,
    totals: strip(report.totals),
    byChannel: Object.fromEntries(Object.entries(report.byChannel).map(([k, f]) => [k, strip(f)])),
    daily: report.daily.map(strip),
  };
}

/** Every slice's p50 / p95 within the bucket bound of the raw one (null where the raw one is). */
function expectClose(rolled: ServiceKpiReport, raw: ServiceKpiReport): void {
  const slices: [string, ServiceFigures, ServiceFigures][] = [
    ['totals', rolled.totals, raw.totals],
    ...Object.keys(raw.byChannel).map((c): [string, ServiceFigures, ServiceFigures] => [c, rolled.byChannel[c]!, raw.byChannel[c]!]),
    ...raw.daily.map((d, i): [string, ServiceFigures, ServiceFigures] => [d.day, rolled.daily[i]!, d]),
  ];
  for (const [name, r, x] of slices) {
    for (const q of ['p50', 'p95'] as const) {
      const got = r.firstResponseMs[q];
      const want = x.firstResponseMs[q];
      if (want === null) expect({ name, q, got }).toEqual({ name, q, got: null });
      else expect({ name, q, off: Math.abs(got! - want) <= RESPONSE_BUCKET_ERROR * want }).toEqual({ name, q, off: true });
    }
  }
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('KPI roll-up on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let kpis: ServiceKpis;
  let rollup: KpiRollup;
  let now = NOW;

  /** The report from the raw rows only: the roll-up marks are forgotten first (the rows stay). */
  async function rawReport(filter: SessionFilter): Promise<ServiceKpiReport> {
    await rollup.invalidate(new Date(D1 - DAY), new Date(D1 + 5 * DAY));
    return kpis.report(filter);
  }

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    kpis = new ServiceKpis(ds, TZ);
    rollup = new KpiRollup(ds, { timeZone: TZ, attributionWindowMs: 12 * HOUR, now: () => now }); // settles 26 h after a session
    const sessions = new TypeormServiceSessions(ds, TZ);
    const tickets = new TypeormTickets(ds, TZ);
    const surveys = new TypeormSurveyResponses(ds, TZ);
    const attributions = new TypeormAttributionStore(ds);
    // 4 days × 16 sessions on two doors; the last day stops before NOW
    for (let d = 0; d < 4; d++) {
      for (let i = 0; i < REPLY_MS.length; i++) {
        const channel = i % 3 === 0 ? 'wechat-official' : 'web';
        const conversation = `${channel}:${channel === 'web' ? '-' : 'gh'}:d${d}-c${i}`;
        const userId = `u${i % 5}`;
        const at = D1 + d * DAY + (d === 3 ? 1 : 8) * HOUR + i * 37 * MIN;
        const turn: SessionTurn = {
          conversation,
          userId,
          channel,
          receivedAt: at,
          ...(REPLY_MS[i] === undefined ? {} : { repliedAt: at + REPLY_MS[i]! }),
          handedOff: i % 7 === 3,
          topic: TOPICS[i % 3]!,
        };
        await sessions.record([turn]);
        if (i % 5 === 1) {
          await tickets.add({ userId, channel, conversation, text: '麻烦改一下地址' }, at + 1); // during the session
        }
        if (i % 4 === 2) {
          await attributions.saveOnce({
            orderId: `o-${d}-${i}`,
            userId,
            amount: 59,
            credit: 'product',
            channel,
            conversation,
            chat: i % 8 === 2 ? 'coupon' : 'product',
            touchRef: 'P1001',
            touchAt: new Date(at + 1).toISOString(),
            paidAt: new Date(at + 30 * MIN).toISOString(),
          });
        }
        if (i % 2 === 0) await surveys.add({ kind: 'csat', score: 1 + (i % 5), userId, channel, conversation, at: at + 3 * MIN });
        if (i % 3 === 1) await surveys.add({ kind: 'nps', score: (i * 3) % 11, userId, channel, conversation, at: at + 4 * MIN });
      }
    }
    // outcomes as the labelling sweep leaves them: every session of D1–D2 labelled, D3 partly
    const outcomes = ['resolved', 'escalated', 'abandoned', 'unresolved', 'resolved'];
    const repo = ds.getRepository(ServiceSessionEntity);
    for (const s of await repo.find({ order: { id: 'ASC' } })) {
      if (s.startedAt.getTime() < D1 + 2 * DAY || s.id % 2 === 0) await repo.update(s.id, { outcome: outcomes[s.id % 5] as 'resolved' });
    }
    // outreach of three triggers on every day: pending, suppressed (with and without a channel), failed, sent, converted
    const log = new OutreachLog(ds);
    const statuses = ['sent', 'suppressed', 'failed', 'sent', undefined, 'suppressed', 'sent'] as const;
    const reasons = ['quiet_hours', 'opted_out', 'cap_day'];
    for (let d = 0; d < 4; d++) {
      for (let i = 0; i < 14; i++) {
        const key = `k${d}-${i}`;
        const at = D1 + d * DAY + (d === 3 ? 2 : 9) * HOUR + i * 41 * MIN;
        const base = {
          key,
          jobId: key,
          triggerId: ['cart_abandoned', 'order_shipped', 'repurchase'][i % 3]!,
          userId: `u-${key}`,
          kind: 'marketing' as const,
        };
        await log.record({ ...base, status: 'scheduled', at, dueAt: at + MIN });
        const status = statuses[i % statuses.length] ?? (d < 3 ? 'sent' : undefined); // still pending only today
        if (status === undefined) continue;
        const reason = status === 'suppressed' ? reasons[i % 3] : status === 'failed' ? 'send_error' : undefined;
        const channel = reason === 'opted_out' ? undefined : i % 2 === 0 ? 'web' : 'wechat-official';
        await log.record({ ...base, status, at: at + MIN, ...(channel ? { channel } : {}), ...(reason ? { reason } : {}) });
        if (status === 'sent' && i % 4 === 0) await log.attributeConversion(`u-${key}`, `oo-${key}`, at + 20 * MIN, 72 * HOUR);
      }
    }
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('rolls the closed days and answers like the raw rows, in total, per door and per day', async () => {
    const raw = await rawReport(PERIOD);
    const rawWeb = await rawReport({ ...PERIOD, channel: 'web' });
    expect(raw.totals.sessions).toBe(16 * 4 - 4); // D1's four sessions before 10:00 are outside the period
    const run = await rollup.run();
    expect(run.days).toEqual(['20251120', '20251119', '20251118']);
    const rolled = await kpis.report(PERIOD);
    expect(counts(rolled)).toEqual(counts(raw));
    expectClose(rolled, raw);
    const rolledWeb = await kpis.report({ ...PERIOD, channel: 'web' });
    expect(counts(rolledWeb)).toEqual(counts(rawWeb));
    expectClose(rolledWeb, rawWeb);
    // the buckets do move the merged percentiles: this is the rolled path, not the raw one again
    expect([rolled.totals.firstResponseMs.p50, rolled.totals.firstResponseMs.p95]).not.toEqual([
      raw.totals.firstResponseMs.p50,
      raw.totals.firstResponseMs.p95,
    ]);
    // a whole-day period read only from roll-ups
    const whole = { from: new Date(D1 + DAY), to: new Date(D1 + 3 * DAY) };
    const rolledWhole = await kpis.report(whole);
    const rawWhole = await rawReport(whole);
    await rollup.run();
    expect(counts(rolledWhole)).toEqual(counts(rawWhole));
    expectClose(rolledWhole, rawWhole);
  });

  it('rolls a closed day again after late data until it settles, and leaves settled days alone', async () => {
    await rollup.run();
    const marks = await ds.getRepository(KpiDayEntity).find({ order: { day: 'ASC' } });
    // D1 and D2: every session labelled and old enough, outreach decided; D3: sessions too recent and unlabelled
    expect(marks.map((m) => [m.day, Number(m.settled)])).toEqual([
      ['20251118', 1],
      ['20251119', 1],
      ['20251120', 0],
    ]);
    // late data for D3 (the day before today): a handoff, a ticket, a conversion, an outcome label
    const sessions = new TypeormServiceSessions(ds, TZ);
    const late = `web:-:d2-c1`;
    await sessions.record([
      { conversation: late, userId: 'u1', channel: 'web', receivedAt: D1 + 2 * DAY + 8 * HOUR + 37 * MIN + 5 * MIN, handedOff: true },
    ]);
    await new TypeormTickets(ds, TZ).add(
      { userId: 'u2', channel: 'web', conversation: 'web:-:d2-c2', text: '还是没收到' },
      D1 + 2 * DAY + 8 * HOUR + 74 * MIN + 20,
    );
    await new OutreachLog(ds).attributeConversion('u-k2-3', 'oo-late', D1 + 2 * DAY + 9 * HOUR + 3 * 41 * MIN + 30 * MIN, 72 * HOUR);
    const stale = await kpis.report(PERIOD);
    now = NOW + 5 * MIN;
    const again = await rollup.run();
    expect(again.days).toEqual(['20251120']); // only the unsettled day
    const rolled = await kpis.report(PERIOD);
    const raw = await rawReport(PERIOD);
    expect(counts(rolled)).toEqual(counts(raw));
    expectClose(rolled, raw);
    expect(counts(stale)).not.toEqual(counts(raw)); // the late data did change the day
    // two days later everything of D3 is old enough; labelled, it settles and is not rolled after that
    await ds.getRepository(ServiceSessionEntity).update({ day: '20251120' }, { outcome: 'resolved' });
    now = NOW + 2 * DAY;
    expect((await rollup.run()).days).toEqual(expect.arrayContaining(['20251120', '20251121', '20251122']));
    expect((await rollup.run()).days).not.toContain('20251120');
  });

  it('reads rolled days from their roll-up rows, not from the raw rows', async () => {
    const whole = { from: new Date(D1 + DAY), to: new Date(D1 + 2 * DAY) };
    const before = await kpis.report(whole);
    expect(before.totals.sessions).toBe(16);
    await ds.getRepository(ServiceSessionEntity).delete({ day: '20251119' });
    const after = await kpis.report(whole);
    expect(after.totals.sessions).toBe(16); // still there: read from kefu_kpi_session_day
    await rollup.invalidate(whole.from, whole.to);
    expect((await kpis.report(whole)).totals.sessions).toBe(0); // forgotten: read raw
  });
});
