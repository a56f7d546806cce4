import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { KpiDayEntity } from '../store/entities/kpi-day.entity';
import { KpiOutreachDayEntity } from '../store/entities/kpi-outreach-day.entity';
import { KpiResponseDayEntity } from '../store/entities/kpi-response-day.entity';
import { KpiSessionDayEntity } from '../store/entities/kpi-session-day.entity';
import { funnelRows } from './outreach-funnel';
import { queryPeriod } from './period-where';
import { responseBucket } from './response-buckets';
import { addCounts, emptyCounts, emptySurveys, type SessionCounts } from './service-figures';
import { responseValues, sessionCounts, type SessionFilter } from './session-aggregates';
import { dayRange } from './shop-days';
import { surveyCounts, type SurveyCounts } from './survey-aggregates';

/** When a day's rows can still change (docs/kpis.md, "Pre-aggregation"). */
export interface SettleRules {
  /** A session can still change this long after its last activity (reopened within 24 h, late conversions). */
  sessionMs: number;
  /** An outreach row can still change this long after its last update (conversion within the attribution window). */
  outreachMs: number;
  /** A day older than this is settled even with unlabelled sessions or pending outreach left. */
  limitMs: number;
}

const CHUNK = 100; // rows per INSERT: well under SQLite's bound-parameter limit

/**
 * Rolls up one shop-local day: reads its sessions, survey answers and outreach rows with the same queries the
 * report runs live, and replaces the day's `kefu_kpi_*_day` rows and its `kefu_kpi_day` mark in one transaction.
 * Idempotent: rolling a day again rewrites it from the raw rows. Returns whether the day is settled (nothing of it
 * could change any more at `now`: no session younger than `sessionMs` or unlabelled, no outreach pending or updated
 * within `outreachMs`).
 *
 * @example
 * await rollDay(dataSource, '20251120', { timeZone: 'Asia/Shanghai', now: Date.now(), settle });
 */
export async function rollDay(
  ds: DataSource,
  day: string,
  o: { timeZone: string; now: number; settle: SettleRules },
): Promise<{ settled: boolean }> {
  const range = dayRange(day, o.timeZone);
  const filter: SessionFilter = { from: range.from, to: range.to };
  const em = ds.manager;
  const [counts, surveys, values, funnel, open] = await Promise.all([
    sessionCounts(em, filter),
    surveyCounts(em, filter),
    responseValues(em, filter),
    funnelRows(em, filter, true),
    openRows(em, filter, o.now, o.settle),
  ]);
  const perChannel = new Map<string, { sessions: SessionCounts; surveys: SurveyCounts }>();
  const slot = (channel: string) => {
    let c = perChannel.get(channel);
    if (!c) perChannel.set(channel, (c = { sessions: emptyCounts(), surveys: emptySurveys() }));
    return c;
  };
  for (const r of counts) slot(r.channel).sessions = addCounts(slot(r.channel).sessions, r.counts);
  for (const r of surveys) slot(r.channel).surveys = addCounts(slot(r.channel).surveys, r.counts);
  const buckets = new Map<string, number>();
  for (const v of values) {
    const key = `${v.channel}\u0000${responseBucket(v.ms)}`;
    buckets.set(key, (buckets.get(key) ?? 0) + v.n);
  }
  const outreach = new Map<string, KpiOutreachDayEntity>();
  for (const f of funnel) {
    const row = { day, channel: f.channel ?? '', triggerId: f.trigger, status: f.status, reason: f.reason ?? '', n: 0 };
    const key = [row.channel, row.triggerId, row.status, row.reason].join('\u0000');
    const sum = outreach.get(key) ?? row;
    sum.n += f.n;
    outreach.set(key, sum);
  }
  const settled = open === 0 || range.to.getTime() < o.now - o.settle.limitMs;
  await ds.transaction(async (tx) => {
    for (const entity of [KpiSessionDayEntity, KpiResponseDayEntity, KpiOutreachDayEntity, KpiDayEntity]) await tx.delete(entity, { day });
    await insert(
      tx,
      KpiSessionDayEntity,
      [...perChannel].map(([channel, c]) => sessionRow(day, channel, c.sessions, c.surveys)),
    );
    await insert(
      tx,
      KpiResponseDayEntity,
      [...buckets].map(([key, n]) => {
        const [channel, bucket] = key.split('\u0000');
        return { day, channel: channel!, bucket: Number(bucket), n };
      }),
    );
    await insert(tx, KpiOutreachDayEntity, [...outreach.values()]);
    await insert(tx, KpiDayEntity, [{ day, timeZone: o.timeZone, rolledAt: new Date(o.now), settled: settled ? 1 : 0 }]);
  });
  return { settled };
}

function sessionRow(day: string, channel: string, s: SessionCounts, a: SurveyCounts): KpiSessionDayEntity {
  return {
    day,
    channel,
    sessions: s.sessions,
    answered: s.answered,
    handedOff: s.handedOff,
    tickets: s.tickets,
    escalated: s.escalated,
    botResolved: s.botResolved,
    fcr: s.firstContactResolved,
    converted: s.converted,
    labelled: s.labelled,
    outcomeResolved: s.outcomeResolved,
    outcomeEscalated: s.outcomeEscalated,
    outcomeAbandoned: s.outcomeAbandoned,
    outcomeUnresolved: s.outcomeUnresolved,
    csatResponses: a.csatResponses,
    csatSatisfied: a.csatSatisfied,
    npsResponses: a.npsResponses,
    promoters: a.promoters,
    detractors: a.detractors,
  };
}

/** Sessions and outreach rows of the filter that can still change at `now`. */
async function openRows(em: EntityManager, filter: SessionFilter, now: number, settle: SettleRules): Promise<number> {
  const [sessions, outreach] = await Promise.all([
    queryPeriod<{ n: string | number }>(
      em,
      'SELECT COUNT(*) AS n FROM kefu_service_session s WHERE %WHERE% AND (s.last_at > :cutoff OR s.outcome IS NULL)',
      { time: 's.started_at', channel: 's.channel' },
      filter,
      { cutoff: new Date(now - settle.sessionMs) },
    ),
    queryPeriod<{ n: string | number }>(
      em,
      "SELECT COUNT(*) AS n FROM kefu_outreach_log o WHERE %WHERE% AND (o.status = 'scheduled' OR o.updated_at > :cutoff)",
      { time: 'o.scheduled_at', channel: 'o.channel' },
      filter,
      { cutoff: new Date(now - settle.outreachMs) },
    ),
  ]);
  return Number(sessions[0]?.n ?? 0) + Number(outreach[0]?.n ?? 0);
}

async function insert<E extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<E>, rows: E[]): Promise<void> {
  for (let at = 0; at < rows.length; at += CHUNK) {
    await em
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(at, at + CHUNK))
      .execute();
  }
}
