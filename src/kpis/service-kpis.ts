import type { DataSource } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import { outreachFunnels, type OutreachFunnel } from './outreach-funnel';
import { addCounts, emptyCounts, emptySurveys, figuresOf, type ServiceFigures, type SessionCounts } from './service-figures';
import { responsePercentiles, sessionCounts, type SessionFilter } from './session-aggregates';
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

const DAY_MS = 86_400_000;

/**
 * Service KPIs computed from stored events: first response time p50/p95, bot resolution, first-contact
 * resolution, escalation, bot-assisted conversion (from the service sessions, tickets and order attributions) and
 * the outreach funnel per trigger, per channel and per shop-local day. Everything is aggregated in the database;
 * a report costs seven indexed queries whatever the number of conversations.
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
    const [counts, surveys, overall, perChannel, perDay, outreach] = await Promise.all([
      sessionCounts(em, filter),
      surveyCounts(em, filter),
      responsePercentiles(em, filter, 'all'),
      responsePercentiles(em, filter, 'channel'),
      responsePercentiles(em, filter, 'day'),
      outreachFunnels(em, filter),
    ]);
    const sessions = new Sums<SessionCounts>(emptyCounts);
    for (const row of counts) sessions.add(row.day, row.channel, row.counts);
    const answers = new Sums<SurveyCounts>(emptySurveys);
    for (const row of surveys) answers.add(row.day, row.channel, row.counts);
    const byChannel: Record<string, ServiceFigures> = {};
    for (const channel of new Set([...sessions.channels.keys(), ...answers.channels.keys()])) {
      byChannel[channel] = figuresOf(sessions.ofChannel(channel), perChannel.get(channel), answers.ofChannel(channel));
    }
    const daily = this.daysOf(filter).map((day) => ({
      day: dashed(day),
      ...figuresOf(sessions.ofDay(day), perDay.get(day), answers.ofDay(day)),
    }));
    const report: ServiceKpiReport = {
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      totals: figuresOf(sessions.total, overall.get('all'), answers.total),
      byChannel,
      daily,
      outreach,
    };
    if (filter.channel !== undefined) report.channel = filter.channel;
    return report;
  }

  /** The shop-local days `[from, to)` touches, `yyyymmdd`. */
  private daysOf(filter: SessionFilter): string[] {
    const days = new Set<string>();
    const end = filter.to.getTime() - 1;
    for (let at = filter.from.getTime(); at < end; at += DAY_MS / 2) days.add(recordDay(at, this.timeZone));
    days.add(recordDay(end, this.timeZone));
    return [...days];
  }
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
