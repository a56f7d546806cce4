import { recordDay } from '../flows/actions/service-records';
import { zonedInstant } from '../flows/service/zoned-time';
import type { TimeRange } from './period-where';

const DAY_MS = 86_400_000;

/**
 * The instants a shop-local day `yyyymmdd` spans in `timeZone`: `[its midnight, the next midnight)`.
 *
 * @example
 * dayRange('20251120', 'Asia/Shanghai'); // { from: 2025-11-19T16:00Z, to: 2025-11-20T16:00Z }
 */
export function dayRange(day: string, timeZone: string): TimeRange {
  const [year, month, d] = [Number(day.slice(0, 4)), Number(day.slice(4, 6)), Number(day.slice(6, 8))];
  return {
    from: new Date(zonedInstant({ year, month, day: d }, 0, timeZone)),
    to: new Date(zonedInstant({ year, month, day: d + 1 }, 0, timeZone)),
  };
}

/** The calendar day after `yyyymmdd`. */
export function nextDay(day: string): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) + 1));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * The shop-local days `[from, to)` touches, `yyyymmdd`, oldest first.
 *
 * @example
 * daysTouched(new Date('2025-11-20T02:00Z'), new Date('2025-11-21T02:00Z'), 'Asia/Shanghai'); // ['20251120', '20251121']
 */
export function daysTouched(from: Date, to: Date, timeZone: string): string[] {
  const days = new Set<string>();
  const end = to.getTime() - 1;
  for (let at = from.getTime(); at < end; at += DAY_MS / 2) days.add(recordDay(at, timeZone));
  days.add(recordDay(end, timeZone));
  return [...days];
}
