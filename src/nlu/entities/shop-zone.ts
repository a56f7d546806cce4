/**
 * The shop's wall clock for date entities: today's day number and ISO 8601 local times in an IANA time zone
 * (`KEFU_TIMEZONE`, default Asia/Shanghai), summer time included, with Intl only.
 */
import { localDay, zonedInstant } from '../../flows/service/zoned-time';
import type { ExtractOptions } from './types';

/** The time zone date entities use when none is given. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY_MS = 86_400_000;

/**
 * Day number (days since 1970-01-01) of today in the shop's time zone.
 *
 * @example
 * todayIn({ now: new Date('2026-11-24T23:30:00Z') }); // 20417 (2026-11-25 in Shanghai)
 */
export function todayIn(options: ExtractOptions): number {
  const today = localDay((options.now ?? new Date()).getTime(), options.timeZone ?? DEFAULT_TIME_ZONE);
  return Date.UTC(today.year, today.month - 1, today.day) / DAY_MS;
}

/** `+08:00` for 480 minutes. */
function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * ISO 8601 local time `YYYY-MM-DDTHH:MM±hh:mm` of a day number plus minutes (1440 and more: the next day), with
 * the offset the zone has at that moment (America/Los_Angeles: -08:00 in winter, -07:00 in summer).
 *
 * @example
 * zonedIso(20417, 900, 'Asia/Tokyo'); // '2026-11-25T15:00+09:00'
 */
export function zonedIso(day: number, minutes: number, timeZone: string): string {
  const wall = day * DAY_MS + minutes * 60_000;
  const date = new Date(wall);
  const ymd = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  const at = zonedInstant(ymd, date.getUTCHours() * 60 + date.getUTCMinutes(), timeZone);
  return `${date.toISOString().slice(0, 16)}${offsetText(Math.round((wall - at) / 60_000))}`;
}
