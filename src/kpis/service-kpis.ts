import type { DataSource } from 'typeorm';
import { foldFunnels, funnelRows, type OutreachFunnel } from './outreach-funnel';
import { planReport } from './report-plan';
import { HistogramsBy } from './response-histogram';
import { readRollups, rolledDays, type RolledFigures } from './rolled-figures';
import {
  addCounts,
  emptyCounts,
  emptySurveys,
  figuresOf,
  type ResponsePercentiles,
  type ServiceFigures,
  type SessionCounts,
} from './service-figures';
import { responsePercentiles, responseValues, sessionCounts, type SessionFilter } from './session-aggregates';
import { daysTouched } from './shop-days';
import { surveyCounts, type SurveyCounts } from './survey-aggregates';

/** One day of the daily series. */
export interface DailyFigures extends ServiceFigures {
  /** Shop-local date `YYYY-MM-DD`. */
  day: string;
}

/** The service KPIs of a period (docs/kpis.md). */
export interface ServiceKpiReport {
  from: string;
  to: string;
  channel?: string;
  totals: ServiceFigures;
  byChannel: Record<string, ServiceFigures>;
  /** Every shop-local day the period touches, oldest first (days without sessions have zero counts). */
  daily: DailyFigures[];
  /** The outreach funnel per trigger, of the outreach scheduled in the period. */
  outreach: OutreachFunnel[];
}

/**
 * Service KPIs computed from stored events: first response time p50/p95, bot resolution, first-contact
 * resolution, escalation, bot-assisted conversion (from the service sessions, tickets and order attributions) and
 * the outreach funnel per trigger, per channel and per shop-local day. Everything is aggregated in the database.
 * Days wholly inside the period that the daily roll-up has rolled (src/kpis/kpi-rollup.ts) are read from their
 * small `kefu_kpi_*_day` rows; the rest (today, partial days, days not rolled yet) from the raw rows, and both are
 * merged: counts are exact either way, percentiles over rolled days come from merged histograms (within 2.5 %).
 *
 * @example
 * const kpis = new ServiceKpis(dataSource, 'Asia/Shanghai');
 * const report = await kpis.report({ from: new Date('2025-11-01T00:00:00+08:00'), to: new Date(), channel: 'web' });
 * report.totals.rates.botResolution; // 0.82
 */
export class ServiceKpis {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone = 'Asia/Shanghai',
  ) {}

  async report(filter: SessionFilter): Promise<ServiceKpiReport> {
    const em = this.dataSource.manager;
    const days = daysTouched(filter.from, filter.to, this.timeZone);
    const rolled = await rolledDays(em, days, this.timeZone);
    const plan = planReport(filter, days, (day) => rolled.has(day), this.timeZone);
    const live: SessionFilter = { ...filter, ranges: plan.live };
    // Nothing rolled up: exact percentiles with window functions in the database (as before the roll-ups).
    const exact = plan.rolled.length === 0;
    const [counts, surveys, values, funnel, rollups, overall, perChannel, perDay] = await Promise.all([
      plan.live.length === 0 ? [] : sessionCounts(em, live),
      plan.live.length === 0 ? [] : surveyCounts(em, live),
      plan.live.length === 0 || exact ? [] : responseValues(em, live),
      plan.live.length === 0 ? [] : funnelRows(em, live),
      readRollups(em, plan.rolled, filter.channel),
      exact ? responsePercentiles(em, filter, 'all') : undefined,
      exact ? responsePercentiles(em, filter, 'channel') : undefined,
      exact ? responsePercentiles(em, filter, 'day') : undefined,
    ]);
    const sessions = new Sums<SessionCounts>(emptyCounts);
    for (const row of counts) sessions.add(row.day, row.channel, row.counts);
    const answers = new Sums<SurveyCounts>(emptySurveys);
    for (const row of surveys) answers.add(row.day, row.channel, row.counts);
    for (const row of rollups.counts) {
      sessions.add(row.day, row.channel, row.sessions);
      answers.add(row.day, row.channel, row.surveys);
    }
    const times = mergedTimes(values, rollups);
    const percentile = (
      map: Map<string, ResponsePercentiles> | undefined,
      hist: HistogramsBy,
      key: string,
    ): ResponsePercentiles | undefined => (map ? map.get(key) : hist.byKey.get(key)?.percentiles());
    const byChannel: Record<string, ServiceFigures> = {};
    for (const channel of new Set([...sessions.channels.keys(), ...answers.channels.keys()])) {
      byChannel[channel] = figuresOf(
        sessions.ofChannel(channel),
        percentile(perChannel, times.byChannel, channel),
        answers.ofChannel(channel),
      );
    }
    const daily = days.map((day) => ({
      day: dashed(day),
      ...figuresOf(sessions.ofDay(day), percentile(perDay, times.byDay, day), answers.ofDay(day)),
    }));
    const report: ServiceKpiReport = {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      totals: figuresOf(sessions.total, percentile(overall, times.total, 'all'), answers.total),
      byChannel,
      daily,
      outreach: foldFunnels([...funnel, ...rollups.funnel]),
    };
    if (filter.channel !== undefined) report.channel = filter.channel;
    return report;
  }
}

/** Live response times (exact) and rolled-up buckets, merged in total, per channel and per day. */
function mergedTimes(
  values: readonly { day: string; channel: string; ms: number; n: number }[],
  rollups: RolledFigures,
): { total: HistogramsBy; byChannel: HistogramsBy; byDay: HistogramsBy } {
  const total = new HistogramsBy();
  const byChannel = new HistogramsBy();
  const byDay = new HistogramsBy();
  for (const v of values) {
    total.of('all').addValue(v.ms, v.n);
    byChannel.of(v.channel).addValue(v.ms, v.n);
    byDay.of(v.day).addValue(v.ms, v.n);
  }
  for (const [channel, bucket, n] of rollups.responseByChannel) {
    total.of('all').addBucket(bucket, n);
    byChannel.of(channel).addBucket(bucket, n);
  }
  for (const [day, bucket, n] of rollups.responseByDay) byDay.of(day).addBucket(bucket, n);
  return { total, byChannel, byDay };
}

/** Counts summed in total, per channel and per day. */
class Sums<C extends SessionCounts | SurveyCounts> {
  total: C;
  readonly channels = new Map<string, C>();
  readonly days = new Map<string, C>();

  constructor(private readonly empty: () => C) {
    this.total = empty();
  }

  add(day: string, channel: string, counts: C): void {
    this.total = addCounts(this.total, counts);
    this.channels.set(channel, addCounts(this.ofChannel(channel), counts));
    this.days.set(day, addCounts(this.ofDay(day), counts));
  }

  ofChannel(channel: string): C {
    return this.channels.get(channel) ?? this.empty();
  }

  ofDay(day: string): C {
    return this.days.get(day) ?? this.empty();
  }
}

function dashed(day: string): string {
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
}
