import { BadInputError } from '../core/errors';
import { zonedInstant } from '../flows/service/zoned-time';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The period a KPI request asks about: `[from, to)`. */
export interface KpiPeriod {
  from: Date;
  to: Date;
}

/**
 * Read `from` / `to` of a KPI request: a date (`2025-11-01`, midnight in the shop's time zone; a date `to` includes
 * that whole day), an ISO time with offset, or epoch ms. Defaults: the 7 days up to now. At most 366 days.
 *
 * @example
 * kpiPeriod({ from: '2025-11-01', to: '2025-11-30' }, 'Asia/Shanghai', Date.now());
 * // { from: 2025-10-31T16:00:00Z, to: 2025-11-30T16:00:00Z }
 */
export function kpiPeriod(query: { from?: string; to?: string }, timeZone: string, now: number): KpiPeriod {
  const to = query.to === undefined ? now : timeOf(query.to, 'to', timeZone, true);
  const from = query.from === undefined ? to - 7 * DAY_MS : timeOf(query.from, 'from', timeZone, false);
  if (from >= to) throw new BadInputError(`The period is empty: from ${iso(from)} is not before to ${iso(to)}.`, 'give a from before to.');
  if (to - from > 366 * DAY_MS) throw new BadInputError('The period is longer than 366 days.', 'ask for at most a year at a time.');
  return { from: new Date(from), to: new Date(to) };
}

function timeOf(value: string, name: string, timeZone: string, endOfDay: boolean): number {
  const date = DATE_ONLY.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const midnight = zonedInstant({ year: y, month: m, day: d + (endOfDay ? 1 : 0) }, 0, timeZone);
    if (Number.isFinite(midnight) && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d) return midnight;
  } else if (/^\d{10,13}$/.test(value)) {
    return Number(value);
  } else if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) && Number.isFinite(Date.parse(value))) {
    return Date.parse(value);
  }
  throw new BadInputError(
    `Invalid ${name}: '${value.slice(0, 40)}'.`,
    `write a date (2025-11-01), an ISO time with offset (2025-11-01T00:00:00+08:00) or epoch milliseconds.`,
  );
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
