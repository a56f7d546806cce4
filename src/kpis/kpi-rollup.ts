import { IsNull, MoreThanOrEqual, Not, type DataSource } from 'typeorm';
import { recordDay } from '../flows/actions/service-records';
import { KpiDayEntity } from '../store/entities/kpi-day.entity';
import { OutreachLogEntity } from '../store/entities/outreach-log.entity';
import { ServiceSessionEntity } from '../store/entities/service-session.entity';
import { SurveyResponseEntity } from '../store/entities/survey-response.entity';
import { rollDay, type SettleRules } from './day-rollup';
import { daysTouched, nextDay } from './shop-days';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Options of {@link KpiRollup}. */
export interface KpiRollupOptions {
  /** The shop's time zone (KEFU_TIMEZONE): days are cut at its midnights. */
  timeZone: string;
  /** The attribution window (orders credited to a chat card or an outreach this long after it). @defaultValue 72 h */
  attributionWindowMs?: number;
  /** A day is rolled once it ended this long ago (late writes of its last minutes land first). @defaultValue 10 min */
  closeAfterMs?: number;
  /** How far back the first run fills in days (a report covers at most 366). @defaultValue 400 */
  backfillDays?: number;
  /** A day this old is settled even with unlabelled sessions or pending outreach left. @defaultValue 30 */
  settleLimitDays?: number;
  now?: () => number;
}

/** What one run rolled. */
export interface RollupRun {
  /** Days rolled (`yyyymmdd`), newest first. */
  days: string[];
  /** Of these, the ones now settled (not rolled again). */
  settled: number;
  ms: number;
}

/**
 * The daily pre-aggregation of the service KPIs (docs/kpis.md, "Pre-aggregation"). Each {@link run} rolls the
 * closed shop-local days that are not rolled yet, were cut in another time zone, or were not settled when last
 * rolled (their sessions could still be reopened, labelled or converted, their outreach sent or converted: those
 * days are rolled again on every run until they settle). Idempotent; run it under a lock
 * ({@link startKpiRollup}) so two processes do not roll the same day at once.
 *
 * @example
 * const rollup = new KpiRollup(dataSource, { timeZone: 'Asia/Shanghai' });
 * await rollup.run(); // { days: ['20251130', …], settled: 85, ms: 4100 }
 */
export class KpiRollup {
  private readonly settle: SettleRules;
  private readonly now: () => number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: KpiRollupOptions,
  ) {
    const attribution = options.attributionWindowMs ?? 72 * HOUR_MS;
    this.now = options.now ?? Date.now;
    // reopened: a later session within 24 h of the last activity (itself up to 30 min long before its topic is known)
    this.settle = {
      sessionMs: Math.max(25 * HOUR_MS, attribution) + HOUR_MS,
      outreachMs: attribution + HOUR_MS,
      limitMs: (options.settleLimitDays ?? 30) * DAY_MS,
    };
  }

  /** Rolls the days that need it, newest first, at most `maxDays` of them. */
  async run(options: { maxDays?: number } = {}): Promise<RollupRun> {
    const started = Date.now();
    const now = this.now();
    const { timeZone } = this.options;
    const open = recordDay(now - (this.options.closeAfterMs ?? 10 * 60_000), timeZone); // this day and later are not closed
    const oldest = recordDay(now - (this.options.backfillDays ?? 400) * DAY_MS, timeZone);
    const earliest = await this.earliestDay();
    if (earliest === undefined) return { days: [], settled: 0, ms: Date.now() - started };
    const first = earliest > oldest ? earliest : oldest;
    const marks = await this.dataSource.getRepository(KpiDayEntity).find({ where: { day: MoreThanOrEqual(first) } });
    const done = new Set(marks.filter((m) => m.timeZone === timeZone && Number(m.settled) === 1).map((m) => m.day));
    const todo: string[] = [];
    for (let day = first; day < open; day = nextDay(day)) if (!done.has(day)) todo.push(day);
    todo.reverse().splice(options.maxDays ?? Number.MAX_SAFE_INTEGER);
    let settled = 0;
    for (const day of todo) {
      if ((await rollDay(this.dataSource, day, { timeZone, now, settle: this.settle })).settled) settled += 1;
      // SQLite's driver is synchronous: let the turns waiting on I/O run between days, or a long roll-up stalls chats.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { days: todo, settled, ms: Date.now() - started };
  }

  /**
   * Forgets the roll-ups of the days `[from, to)` touches, so reports read them raw until the next run rolls them
   * again: for changes the settle rules cannot see (rows deleted or edited by hand, data imported for past days).
   */
  async invalidate(from: Date, to: Date): Promise<void> {
    const days = daysTouched(from, to, this.options.timeZone);
    for (let at = 0; at < days.length; at += 100) {
      await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(KpiDayEntity)
        .where('day IN (:...days)', { days: days.slice(at, at + 100) })
        .execute();
    }
  }

  /** The shop-local day of the oldest session, survey answer or outreach row (each read by its time index). */
  private async earliestDay(): Promise<string | undefined> {
    const ds = this.dataSource;
    const [session, survey, outreach] = await Promise.all([
      ds.getRepository(ServiceSessionEntity).find({ select: { id: true, startedAt: true }, order: { startedAt: 'ASC' }, take: 1 }),
      ds.getRepository(SurveyResponseEntity).find({ select: { id: true, createdAt: true }, order: { createdAt: 'ASC' }, take: 1 }),
      ds.getRepository(OutreachLogEntity).find({
        select: { id: true, scheduledAt: true },
        where: { scheduledAt: Not(IsNull()) },
        order: { scheduledAt: 'ASC' },
        take: 1,
      }),
    ]);
    const times = [session[0]?.startedAt, survey[0]?.createdAt, outreach[0]?.scheduledAt].filter((d): d is Date => d instanceof Date);
    if (times.length === 0) return undefined;
    return recordDay(Math.min(...times.map((d) => d.getTime())), this.options.timeZone);
  }
}
