import type { EntityManager } from 'typeorm';
import type { FunnelRow } from './outreach-funnel';
import type { SessionCounts } from './service-figures';
import type { SurveyCounts } from './survey-aggregates';

/** Counts of one rolled-up day on one channel. */
export interface RolledCounts {
  day: string;
  channel: string;
  sessions: SessionCounts;
  surveys: SurveyCounts;
}

/** What a report reads from the daily roll-ups of some days. */
export interface RolledFigures {
  counts: RolledCounts[];
  /** Response-time buckets merged per day: `[day, bucket, n]`. */
  responseByDay: [string, number, number][];
  /** Response-time buckets merged per channel over the days: `[channel, bucket, n]`. */
  responseByChannel: [string, number, number][];
  /** Outreach counts summed over the days. */
  funnel: FunnelRow[];
}

type Raw = Record<string, string | number | null>;

/**
 * The days' roll-ups (`kefu_kpi_*_day`, written by src/kpis/day-rollup.ts), optionally of one channel: session and
 * survey counts per day and channel, response-time histograms merged per day and per channel, and the outreach
 * counts summed per trigger, status and reason. Four small grouped queries, run in parallel.
 *
 * @example
 * const rolled = await readRollups(dataSource.manager, ['20251120', '20251121'], 'web');
 */
export async function readRollups(em: EntityManager, days: readonly string[], channel?: string): Promise<RolledFigures> {
  if (days.length === 0) return { counts: [], responseByDay: [], responseByChannel: [], funnel: [] };
  const where = `day IN (:...days)${channel === undefined ? '' : ' AND channel = :channel'}`;
  const params = channel === undefined ? { days } : { days, channel };
  const query = (sql: string): Promise<Raw[]> => {
    const [text, values] = em.connection.driver.escapeQueryWithParameters(sql.replace('%WHERE%', where), params, {});
    return em.query(text, values) as Promise<Raw[]>;
  };
  const [counts, byDay, byChannel, funnel] = await Promise.all([
    query('SELECT * FROM kefu_kpi_session_day WHERE %WHERE%'),
    query('SELECT day, bucket, SUM(n) AS n FROM kefu_kpi_response_day WHERE %WHERE% GROUP BY day, bucket'),
    query('SELECT channel, bucket, SUM(n) AS n FROM kefu_kpi_response_day WHERE %WHERE% GROUP BY channel, bucket'),
    query('SELECT trigger_id, status, reason, SUM(n) AS n FROM kefu_kpi_outreach_day WHERE %WHERE% GROUP BY trigger_id, status, reason'),
  ]);
  const n = (r: Raw, column: string): number => Number(r[column]);
  return {
    counts: counts.map((r) => ({
      day: String(r.day),
      channel: String(r.channel),
      sessions: {
        sessions: n(r, 'sessions'),
        answered: n(r, 'answered'),
        handedOff: n(r, 'handed_off'),
        tickets: n(r, 'tickets'),
        escalated: n(r, 'escalated'),
        botResolved: n(r, 'bot_resolved'),
        firstContactResolved: n(r, 'fcr'),
        converted: n(r, 'converted'),
        labelled: n(r, 'labelled'),
        outcomeResolved: n(r, 'o_resolved'),
        outcomeEscalated: n(r, 'o_escalated'),
        outcomeAbandoned: n(r, 'o_abandoned'),
        outcomeUnresolved: n(r, 'o_unresolved'),
      },
      surveys: {
        csatResponses: n(r, 'csat_responses'),
        csatSatisfied: n(r, 'csat_satisfied'),
        npsResponses: n(r, 'nps_responses'),
        promoters: n(r, 'promoters'),
        detractors: n(r, 'detractors'),
      },
    })),
    responseByDay: byDay.map((r) => [String(r.day), n(r, 'bucket'), n(r, 'n')]),
    responseByChannel: byChannel.map((r) => [String(r.channel), n(r, 'bucket'), n(r, 'n')]),
    funnel: funnel.map((r) => ({
      trigger: String(r.trigger_id),
      status: String(r.status),
      reason: r.reason === '' ? null : String(r.reason),
      n: n(r, 'n'),
    })),
  };
}

/**
 * The days among `days` that are rolled up in `timeZone` (a roll-up cut in another zone is not used).
 *
 * @example
 * await rolledDays(dataSource.manager, ['20251120', '20251121'], 'Asia/Shanghai'); // Set { '20251120' }
 */
export async function rolledDays(em: EntityManager, days: readonly string[], timeZone: string): Promise<Set<string>> {
  if (days.length === 0) return new Set();
  const [sql, values] = em.connection.driver.escapeQueryWithParameters(
    'SELECT day FROM kefu_kpi_day WHERE day IN (:...days) AND time_zone = :timeZone',
    { days, timeZone },
    {},
  );
  const rows = (await em.query(sql, values)) as { day: string }[];
  return new Set(rows.map((r) => String(r.day)));
}
