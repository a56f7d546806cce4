import type { TimeRange } from './period-where';
import { dayRange } from './shop-days';

/** Which parts of a period a report reads from the daily roll-ups, and which from the raw rows. */
export interface ReportPlan {
  /** Shop-local days (`yyyymmdd`) wholly inside the period and rolled up. */
  rolled: string[];
  /** The rest of the period (partial days, today, days not rolled up yet), merged where adjacent. */
  live: TimeRange[];
}

/**
 * Splits `[from, to)` into rolled-up days and live ranges: a day is read from its roll-up when it lies wholly
 * inside the period and `isRolled(day)`; every other part of the period is read live.
 *
 * @example
 * planReport({ from, to }, ['20251120', '20251121'], (d) => d === '20251120', 'Asia/Shanghai');
 * // { rolled: ['20251120'], live: [{ from: 2025-11-20T16:00Z, to }] }
 */
export function planReport(period: TimeRange, days: readonly string[], isRolled: (day: string) => boolean, timeZone: string): ReportPlan {
  const rolled: string[] = [];
  const live: TimeRange[] = [];
  for (const day of days) {
    const range = dayRange(day, timeZone);
    if (range.from >= period.from && range.to <= period.to && isRolled(day)) {
      rolled.push(day);
      continue;
    }
    const from = range.from > period.from ? range.from : period.from;
    const to = range.to < period.to ? range.to : period.to;
    if (from >= to) continue;
    const last = live[live.length - 1];
    if (last && last.to.getTime() === from.getTime()) last.to = to;
    else live.push({ from, to });
  }
  return { rolled, live };
}
